#include "engine/pipeline.h"

#include <algorithm>

#include "checks/policy_catalogue.h"
#include "checks/registry.h"
#include "engine/case_record.h"
#include "engine/code_analysis.h"
#include "engine/fixed_range.h"
#include "engine/releases.h"
#include "engine/reproduction.h"
#include "engine/template_measure.h"

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

// Why the PoC will not be run, or "" when it will.
std::string ReasonNotToRun(const CheckOptions& options, const Bundle& bundle,
                           const std::vector<Finding>& findings) {
  if (options.static_only) return "--static-only was given";
  if (options.runtimes.empty()) return options.runtimes_unavailable;
  const bool has_request = std::any_of(bundle.manifest.steps.begin(), bundle.manifest.steps.end(),
                                       [](const Step& s) { return s.request.has_value(); });
  if (!has_request) return "the bundle has no request step";
  for (const auto& finding : findings) {
    const bool size_rule = finding.rule == "url-over-8k" || finding.rule == "header-over-8k" ||
                           finding.rule == "body-over-2.5mb";
    if (size_rule && finding.outcome == Outcome::kFail)
      return "the report already breaks a size limit (" + finding.rule + ")";
  }
  return "";
}

Finding NotReproducedSkip(const std::string& reason) {
  Finding finding;
  finding.rule = "not-reproduced";
  finding.outcome = Outcome::kSkip;
  finding.evidence = {{"reason", reason}};
  finding.message = "not decided: the proof of concept was not run (" + reason + ")";
  return finding;
}

// Findings in the policy catalogue's order, so verdict reasons come in the registry's order.
void SortByPolicyOrder(std::vector<Finding>& findings, const PolicyCatalogue& policy) {
  const auto rank = [&](const Finding& f) {
    for (std::size_t i = 0; i < policy.rules.size(); ++i)
      if (policy.rules[i].id == f.rule) return i;
    return policy.rules.size();
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return rank(a) < rank(b); });
}

struct DynamicSide {
  DynamicAssessment assessment;
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
};

Result<DynamicSide> RunDynamicSide(const Bundle& bundle, const CheckOptions& options,
                                   Date received, std::vector<AffectedRow>& affected) {
  ReproductionOptions reproduction{options.runtimes, options.repeats, {}};
  reproduction.matrix.jobs = options.jobs;
  reproduction.matrix.warm_pool = options.warm_pool;
  reproduction.matrix.progress = options.progress;
  Reproduction done;
  if (auto status = Reproduce(bundle, reproduction, done); !status) return status.error();
  DynamicSide side;
  side.assessment = AssessRuns(bundle, done.observed, ReleaseTable::Default(), received, affected);
  for (const auto& run : done.runs) side.runs.push_back(run.ToJson());
  return side;
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
  const Date received_date = UtcDate(received->instant);

  const PolicyCatalogue& policy = Policy();
  // Static analysis: the PoC's code parsed in the sandbox (never run), then every static rule.
  const CodeAnalysis code = AnalyzeCode(outcome.bundle, options.runtimes);
  CheckContext context = MakeCheckContext(outcome.bundle, policy.limits);
  context.code = &code;
  outcome.findings = RunStaticRules(context);
  outcome.affected = AffectedVersions(options.runtimes, ReleaseTable::Default(), received_date);
  DynamicOutcome dynamic;
  nlohmann::ordered_json oracles = nlohmann::ordered_json::array();
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  nlohmann::ordered_json claim_check = nlohmann::ordered_json::object();
  dynamic.not_run_reason = ReasonNotToRun(options, outcome.bundle, outcome.findings);
  if (dynamic.not_run_reason.empty()) {
    auto side = RunDynamicSide(outcome.bundle, options, received_date, outcome.affected);
    if (!side) return side.error();
    dynamic = side.value().assessment.outcome;
    for (auto& finding : side.value().assessment.findings) outcome.findings.push_back(finding);
    oracles = side.value().assessment.oracles;
    runs = side.value().runs;
    claim_check = side.value().assessment.claim_check;
    if (auto dtl = MeasuredTemplateInput(runs, policy.limits.dtl_bytes_max_inclusive))
      outcome.findings.push_back(std::move(*dtl));
  }
  MergeUnsanitizedInput(outcome.findings);
  if (!dynamic.ran) outcome.findings.push_back(NotReproducedSkip(dynamic.not_run_reason));
  SortByPolicyOrder(outcome.findings, policy);
  outcome.verdict = DecideVerdict(outcome.findings, dynamic, policy);
  CaseRecordInputs inputs{outcome.bundle, received->instant, received->source, outcome.findings,
                          outcome.verdict, outcome.affected, policy};
  inputs.oracles = oracles;
  inputs.runs = runs;
  outcome.record = BuildCaseRecord(inputs);
  outcome.record["claim_check"] = claim_check;
  outcome.record["code_analysis"] = {
      {"ran", code.ran}, {"runtime", code.runtime_id}, {"python", code.python_version},
      {"django", code.django_version}, {"modules", code.modules.size()},
      {"templates", code.templates.size()}, {"wall_ms", static_cast<std::int64_t>(code.analysis_ms)}};
  if (!code.ran) outcome.record["code_analysis"]["not_run_reason"] = code.not_run_reason;
  const auto range = FindFixedRange(outcome.affected, options.runtimes);
  outcome.record["fixed_range"] = range ? range->ToJson() : nlohmann::ordered_json(nullptr);
  return outcome;
}

}  // namespace pocsift
