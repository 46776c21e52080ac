// A run's answer as the engine judges it: the harness's frames (ready, one per step, done),
// which the PoC can forge outright since it runs in the harness's process, through
// InterpretSandboxResult (engine/run_record.cc), every oracle (checks/oracles/: SQL tokens,
// headers, logs, stacks and their attribution, markup provenance…), the run-time template
// measure (engine/template_measure.cc) and the record's JSON. Input: a byte choosing one of
// the example bundles below (whose manifest names the steps and whose wire requests carry
// the payload markers), then one frame's JSON per line, each framed and decoded by
// FrameDecoder under the run channel's default caps.
// Properties: nothing throws; every hit names a registered oracle, one of the manifest's
// steps and a known performer; evidence and record dump as strict UTF-8 JSON.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "checks/oracles/oracle_registry.h"
#include "checks/policy_catalogue.h"
#include "engine/bundle.h"
#include "engine/run_record.h"
#include "engine/template_measure.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace pocsift;

// Bundles whose runs make each oracle fire (tests/reproduction): their seeds in
// tests/fuzz/corpus/runs/ start with the bundle's index here.
constexpr const char* kBundles[] = {
    "cve-2025-64459-connector",     "cve-2025-48432-log-injection", "xss-mark-safe-view",
    "csrf-exempt-subscribe",        "open-redirect-next-param",
    "broken-auth-login-without-password", "debug-page-leaks-hash",  "poc-runs-subprocess",
    "cve-2025-64460-xml-dos",       "unsanitized-template-safe",    "dtl-over-100kb",
    "clean"};

const std::vector<Bundle>& Bundles() {
  static const std::vector<Bundle> kLoaded = [] {
    std::vector<Bundle> loaded;
    for (const char* name : kBundles) {
      auto bundle = LoadBundle(std::filesystem::path(POCSIFT_FIXTURES_DIR) / "bundles" / name);
      if (!bundle) std::abort();  // the fixtures moved: fix kBundles
      loaded.push_back(std::move(bundle).value());
    }
    return loaded;
  }();
  return kLoaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<std::string> kOracleNames = [] {
    std::set<std::string> names;
    for (const auto& oracle : Oracles()) names.emplace(oracle->name());
    return names;
  }();
  static const std::set<std::string> kPerformers = {"django", "poc", "stdlib", "third-party",
                                                    "unknown"};
  if (size == 0) return 0;
  const Bundle& bundle = Bundles()[data[0] % std::size(kBundles)];
  sandbox::SandboxResult result;
  result.status = sandbox::RunStatus::kOk;
  result.frames = fuzz::DecodeFrameLines(fuzz::AsText(data + 1, size - 1), {});
  RunRecord record;
  record.runtime_id = "4.2-bpo";
  InterpretSandboxResult(result, bundle.manifest, record);

  const auto is_step = [&](const std::string& name) {
    return std::any_of(bundle.manifest.steps.begin(), bundle.manifest.steps.end(),
                       [&](const auto& step) { return step.name == name; });
  };
  for (const OracleHit& hit : ObserveRun(bundle, record)) {
    if (!kOracleNames.contains(hit.oracle) || !is_step(hit.step) ||
        !kPerformers.contains(hit.attributed_to))
      std::abort();
    (void)hit.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  }
  const auto runs = nlohmann::ordered_json::array({record.ToJson()});
  (void)MeasuredTemplateInput(runs, Policy().limits.dtl_bytes_max_inclusive);
  (void)runs.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  return 0;
}
