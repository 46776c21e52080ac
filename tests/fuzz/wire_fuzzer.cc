// The size measurement: every request of a manifest built as wire bytes (BuildWireRequest),
// once with the measurement placeholders and once with a run's, at the largest {{size:N}} and
// at each sweep point. Properties: sizes do not depend on the nonce (the size rules measure
// what the run sends), and a generated body's size is prefix + unit × count + suffix.
#include <cstdlib>

#include "engine/manifest.h"
#include "engine/wire_request.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace pocsift;

void ExpectSameSizes(const WireRequest& a, const WireRequest& b) {
  if (a.target.size() != b.target.size() || a.body_bytes != b.body_bytes ||
      a.body.size() != b.body.size() || a.header_lines.size() != b.header_lines.size() ||
      a.swept_size != b.swept_size)
    std::abort();
  for (std::size_t i = 0; i < a.header_lines.size(); ++i)
    if (a.header_lines[i].size() != b.header_lines[i].size()) std::abort();
}

void ExpectGeneratedSize(const WireRequest& wire) {
  if (!wire.generated_body) return;
  const GeneratedBody& g = *wire.generated_body;
  std::uint64_t exact = 0;
  const bool overflows =
      __builtin_mul_overflow(std::uint64_t{g.unit.size()}, g.count, &exact) ||
      __builtin_add_overflow(exact, std::uint64_t{g.prefix.size() + g.suffix.size()}, &exact);
  if (wire.body_bytes != (overflows ? UINT64_MAX : exact)) std::abort();
}

void Measure(const Request& request, std::optional<std::uint64_t> size) {
  static const PlaceholderValues kRun = PlaceholdersForNonce("9f86d081884c7d65");
  const FileMap& files = fuzz::ExampleBundleFiles();
  const WireRequest measured = BuildWireRequest(request, files, MeasurementPlaceholders(), size);
  const WireRequest sent = BuildWireRequest(request, files, kRun, size);
  ExpectSameSizes(measured, sent);
  ExpectGeneratedSize(measured);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto manifest = ParseManifest(fuzz::AsText(data, size), fuzz::ExampleBundleFiles());
  if (!manifest) return 0;
  for (const Step& step : manifest->steps) {
    if (!step.request) continue;
    Measure(*step.request, std::nullopt);
    const auto top = BuildWireRequest(*step.request, fuzz::ExampleBundleFiles(),
                                      MeasurementPlaceholders()).swept_size;
    if (top) {
      for (const std::uint64_t divisor : {8, 4, 2}) Measure(*step.request, *top / divisor);
    }
  }
  return 0;
}
