// LoadBundle() over an archive: libarchive's tar, gzip and zip readers behind pocsift's caps,
// path checks and link resolution, then the manifest. The first input byte chooses how the
// rest is written to bundle.tar.gz: odd, gzip-compressed (so mutations of a tar reach the tar
// reader); even, as it is (a zip, a plain tar, or a corrupt stream).
//
// The caps are scaled down (same logic, smaller numbers) so a bomb is reached in microseconds.
// Properties of an accepted bundle: every path is normalized, within the caps, poc.json at root.
#include <cstdlib>

#include "engine/bundle.h"
#include "engine/bundle_path.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

pocsift::BundleLimits FuzzLimits() {
  pocsift::BundleLimits limits;
  limits.max_files = 64;
  limits.max_entries = 256;
  limits.max_file_bytes = 256 << 10;
  limits.max_total_bytes = 1 << 20;
  limits.max_manifest_bytes = 64 << 10;
  limits.ratio_floor_bytes = 64 << 10;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift;
  if (size == 0) return 0;
  static const fuzz::ScratchFile file("bundle.tar.gz");
  static const BundleLimits limits = FuzzLimits();
  const std::string_view rest = fuzz::AsText(data + 1, size - 1);
  const auto bundle =
      LoadBundle(file.Write((data[0] & 1) ? fuzz::Gzip(rest) : std::string(rest)), limits);
  if (!bundle) {
    if (bundle.error().message.find_first_of("\r\n") != std::string::npos) std::abort();
    return 0;
  }
  if (!bundle->files.contains("poc.json") || bundle->files.size() > limits.max_files) std::abort();
  std::uint64_t total = 0;
  for (const auto& [path, content] : bundle->files) {
    const auto normalized = NormalizeBundlePath(path, limits);
    if (!normalized || normalized.value() != path) std::abort();
    if (content.size() > limits.max_file_bytes) std::abort();
    total += content.size();
  }
  if (total > limits.max_total_bytes) std::abort();
  return 0;
}
