# Writes a .cc file that holds each data file as a raw string literal.
# Usage: cmake -DOUT=<file.cc> -DROOT=<source root> -DFILES=a,b -P embed_data.cmake
string(REPLACE "," ";" FILES "${FILES}")
set(body "")
foreach(rel ${FILES})
  file(READ "${ROOT}/${rel}" content)
  string(APPEND body "    {\"${rel}\", R\"pocsift_data(${content})pocsift_data\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from data files by engine/embed_data.cmake. Do not edit.
#include \"engine/embedded_data.h\"

#include <map>

namespace pocsift {

std::optional<std::string_view> EmbeddedFile(std::string_view source_path) {
  static const std::map<std::string_view, std::string_view> kFiles = {
${body}  };
  const auto found = kFiles.find(source_path);
  if (found == kFiles.end()) return std::nullopt;
  return found->second;
}

}  // namespace pocsift
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
