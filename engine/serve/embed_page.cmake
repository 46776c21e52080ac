# Writes page_assets.cc: the reporter page's files as raw string literals for PageAssets().
# Usage: cmake -DOUT=<file.cc> -DDIR=<engine/serve/page> -P embed_page.cmake
function(page_asset file url type)
  file(READ "${DIR}/${file}" content)
  set(body "${body}      {\"${url}\", \"${type}; charset=utf-8\", R\"pocsift_page(${content})pocsift_page\"},\n"
      PARENT_SCOPE)
endfunction()
set(body "")
page_asset(index.html "/" "text/html")
page_asset(page.css "/page.css" "text/css")
page_asset(page.js "/page.js" "text/javascript")
file(WRITE "${OUT}.tmp" "// Generated from engine/serve/page/ by engine/serve/embed_page.cmake. Do not edit.
#include \"engine/serve/reporter_page.h\"

namespace pocsift {

const std::vector<PageAsset>& PageAssets() {
  static const std::vector<PageAsset> kAssets = {
${body}  };
  return kAssets;
}

}  // namespace pocsift
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
