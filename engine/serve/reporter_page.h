// The reporter page's files (engine/serve/page/), compiled into the binary by
// engine/serve/embed_page.cmake so a built pocsift serves them without a data path.
#pragma once

#include <string_view>
#include <vector>

namespace pocsift {

struct PageAsset {
  std::string_view url;           // "/", "/page.css", "/page.js"
  std::string_view content_type;  // with charset
  std::string_view body;
};

const std::vector<PageAsset>& PageAssets();

}  // namespace pocsift
