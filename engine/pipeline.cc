#include "engine/pipeline.h"

#include "checks/policy_catalogue.h"
#include "checks/registry.h"
#include "engine/case_record.h"
#include "engine/releases.h"

namespace pocsift {
namespace {

struct Received {
  Instant instant;
  std::string source;
};

Result<Received> ResolveReceived(const CheckOptions& options, const Manifest& manifest) {
  if (options.received) {
    auto instant = ParseInstant(*options.received);
    if (!instant) return BadInput("--received: " + instant.error().message);
    return Received{instant.value(), "option"};
  }
  if (manifest.received) return Received{ParseInstant(*manifest.received).value(), "manifest"};
  return Received{options.now, "clock"};
}

DynamicOutcome NotRun(const CheckOptions& options) {
  DynamicOutcome dynamic;
  if (options.static_only) {
    dynamic.not_run_reason = "--static-only was given";
  } else if (options.runtimes.empty()) {
    dynamic.not_run_reason = options.runtimes_unavailable;
  } else {
    dynamic.not_run_reason = "this engine version does not run proofs of concept yet";
  }
  return dynamic;
}

Finding NotReproducedSkip(const DynamicOutcome& dynamic) {
  Finding finding;
  finding.rule = "not-reproduced";
  finding.outcome = Outcome::kSkip;
  finding.evidence = {{"reason", dynamic.not_run_reason}};
  finding.message = "not decided: the proof of concept was not run (" + dynamic.not_run_reason + ")";
  return finding;
}

}  // namespace

Result<CaseOutcome> CheckBundle(const std::filesystem::path& bundle_path,
                                const CheckOptions& options) {
  auto bundle = LoadBundle(bundle_path);
  if (!bundle) return bundle.error();
  CaseOutcome outcome;
  outcome.bundle = std::move(bundle).value();
  auto received = ResolveReceived(options, outcome.bundle.manifest);
  if (!received) return received.error();

  const PolicyCatalogue& policy = Policy();
  outcome.findings = RunStaticRules(MakeCheckContext(outcome.bundle, policy.limits));
  const DynamicOutcome dynamic = NotRun(options);
  outcome.findings.push_back(NotReproducedSkip(dynamic));
  outcome.verdict = DecideVerdict(outcome.findings, dynamic, policy);
  outcome.affected = AffectedVersions(options.runtimes, ReleaseTable::Default(),
                                      UtcDate(received->instant));
  outcome.record = BuildCaseRecord({outcome.bundle, received->instant, received->source,
                                    outcome.findings, outcome.verdict, outcome.affected, policy});
  return outcome;
}

}  // namespace pocsift
