// The caps every bundle is held to before any of its bytes are used (docs/bundle-format.md).
#pragma once

#include <cstdint>

namespace pocsift {

struct BundleLimits {
  std::uint64_t max_files = 1000;               // regular files (directories do not count)
  std::uint64_t max_entries = 5000;             // archive entries of any kind
  std::uint64_t max_file_bytes = 16ull << 20;   // one file, uncompressed
  std::uint64_t max_total_bytes = 64ull << 20;  // all files, uncompressed
  std::uint64_t max_manifest_bytes = 1ull << 20;
  // Uncompressed / compressed size of an archive; checked once the output passes
  // ratio_floor_bytes, so an honest bundle with a very compressible body file (a 3 MB run of one
  // byte, which should reach the body-size rule) is not refused. The size caps bound the output
  // anyway; the ratio stops a bomb early.
  std::uint64_t max_compression_ratio = 200;
  std::uint64_t ratio_floor_bytes = 8ull << 20;
  std::uint64_t max_path_bytes = 512;
  std::uint64_t max_path_depth = 32;
  int max_link_hops = 8;  // symbolic links inside the bundle that point at other links
};

}  // namespace pocsift
