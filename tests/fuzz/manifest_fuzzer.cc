// poc.json: ParseManifest() with every validation, on the example bundles' file list.
// Properties beyond "no crash": an error is BadInput and one line.
#include <cstdlib>

#include "engine/manifest.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift;
  const auto manifest = ParseManifest(fuzz::AsText(data, size), fuzz::ExampleBundleFiles());
  if (!manifest) {
    const Error& error = manifest.error();
    if (error.kind != ErrorKind::kBadInput) std::abort();
    if (error.message.find_first_of("\r\n") != std::string::npos) std::abort();
  }
  return 0;
}
