// A Sphinx inventory, objects.inv (engine/sphinx_inventory): four header lines, then a zlib
// stream. The first input byte chooses how the rest is stored: odd, everything after the
// fourth line is zlib-compressed here (so mutations reach the line parser); even, as it is.
// The caps are scaled down so the fuzzer reaches them.
#include <zlib.h>

#include <cstdlib>
#include <string>

#include "engine/sphinx_inventory.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

std::string Compress(std::string_view bytes) {
  uLongf length = compressBound(static_cast<uLong>(bytes.size()));
  std::string out(length, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &length,
                reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()),
                Z_BEST_SPEED) != Z_OK)
    std::abort();
  out.resize(length);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const pocsift::InventoryLimits limits = [] {
    pocsift::InventoryLimits l;
    l.max_file_bytes = 256 << 10;
    l.max_decompressed_bytes = 1 << 20;
    l.max_lines = 2000;
    l.max_line_bytes = 512;
    return l;
  }();
  const std::string_view rest = pocsift::fuzz::AsText(data + 1, size - 1);
  std::string file(rest);
  if (data[0] & 1) {
    std::size_t header_end = 0;
    for (int line = 0; line < 4 && header_end != std::string_view::npos; ++line) {
      header_end = rest.find('\n', header_end);
      if (header_end != std::string_view::npos) ++header_end;
    }
    if (header_end != std::string_view::npos)
      file = std::string(rest.substr(0, header_end)) + Compress(rest.substr(header_end));
  }
  (void)pocsift::ParseSphinxInventory(file, limits);
  return 0;
}
