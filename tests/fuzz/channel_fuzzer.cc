// The harness channel as the engine reads it: FrameDecoder over the run's stdout, fed in
// chunks as a pipe delivers them, then InterpretSandboxResult() and the run's record. The
// first input byte is the chunk size (1..256) and the run's status; the rest is the stream.
// Properties: chunking never changes what decodes; a run whose frames are refused is failed or
// timed out, with a reason.
#include <cstdlib>

#include "engine/run_record.h"
#include "sandbox/channel.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using pocsift::sandbox::FrameDecoder;

struct Decoded {
  bool ok;
  std::vector<nlohmann::json> frames;
};

Decoded Decode(std::string_view stream, std::size_t chunk) {
  FrameDecoder decoder({});
  bool ok = true;
  for (std::size_t at = 0; ok && at < stream.size(); at += chunk)
    ok = static_cast<bool>(decoder.Feed(stream.substr(at, chunk)));
  if (ok) ok = static_cast<bool>(decoder.Finish());
  return {ok, decoder.TakeFrames()};
}

const pocsift::Manifest& TwoStepManifest() {
  static const pocsift::Manifest kManifest = [] {
    pocsift::Manifest manifest;
    manifest.steps = {{.name = "baseline", .json_path = "steps[0]"},
                      {.name = "attack", .json_path = "steps[1]"}};
    return manifest;
  }();
  return kManifest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift;
  if (size == 0) return 0;
  const std::string_view stream = fuzz::AsText(data + 1, size - 1);
  const Decoded whole = Decode(stream, stream.size() + 1);
  const Decoded chunked = Decode(stream, std::size_t{data[0]} + 1);
  if (whole.ok != chunked.ok || whole.frames != chunked.frames) std::abort();

  sandbox::SandboxResult result;
  if (data[0] & 0x80) {
    result.status = sandbox::RunStatus::kTimeout;
    result.failure_reason = "the deadline passed";
  } else {
    result.status = sandbox::RunStatus::kOk;
  }
  result.frames = whole.frames;
  RunRecord record;
  InterpretSandboxResult(result, TwoStepManifest(), record);
  if (record.status != "ok" && record.failure_reason.empty()) std::abort();
  (void)record.ToJson().dump();
  return 0;
}
