#include "engine/pipeline.h"

#include <algorithm>
#include <map>
#include <set>

#include "checks/oracles/oracle_settings.h"
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

using Json = nlohmann::ordered_json;

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

// Why the PoC will not be run, or "" when it will. A size rule broken only through a generated
// payload does not stop the run: `scale` then says how the run is scaled down.
std::string ReasonNotToRun(const CheckOptions& options, const Bundle& bundle,
                           const PolicyLimits& limits, ScaleDown& scale) {
  scale = PlanScaleDown(bundle, limits);
  if (options.static_only) return "--static-only was given";
  if (options.runtimes.empty()) return options.runtimes_unavailable;
  const bool has_request = std::any_of(bundle.manifest.steps.begin(), bundle.manifest.steps.end(),
                                       [](const Step& s) { return s.request.has_value(); });
  if (!has_request) return "the bundle has no request step";
  if (scale.needed() && !scale.runnable()) {
    std::string rules;
    for (const auto& rule : scale.rules) rules += (rules.empty() ? "" : ", ") + rule;
    return "the report breaks a size limit (" + rules + ") with " + scale.not_scalable;
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
                                   Date received, std::vector<AffectedRow>& affected,
                                   std::optional<std::uint64_t> size_cap) {
  ReproductionOptions reproduction{options.runtimes, options.repeats, {}, size_cap};
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

// What the scaled-down run showed: whether it reproduces (steadily, by code that is not the
// PoC's), with which oracles on which runtimes and variants.
Json ScaledResult(const Json& oracles, const std::vector<Finding>& dynamic_findings,
                  const std::vector<AffectedRow>& affected) {
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> by_oracle;
  for (const auto& entry : oracles) {
    if (entry.value("attributed_to", "") == "poc" || !entry.value("fired", false)) continue;
    if (DefaultOracleSettings().informational.contains(entry.value("oracle", ""))) continue;
    if (entry.value("fired_runs", 0) != entry.value("runs", -1)) continue;  // flaky
    auto& [runtimes, variants] = by_oracle[entry.value("oracle", "")];
    runtimes.insert(entry.value("runtime", ""));
    variants.insert(entry.value("variant", ""));
  }
  Json fired = Json::array();
  for (const auto& [oracle, where] : by_oracle)
    fired.push_back({{"oracle", oracle}, {"runtimes", where.first}, {"variants", where.second}});
  Json baseline = Json::array();
  for (const auto& row : affected)
    if (row.version && row.reproduced.value_or(false)) baseline.push_back(*row.version);
  const bool reproduced = std::any_of(dynamic_findings.begin(), dynamic_findings.end(), [](const Finding& f) {
    return f.rule == "not-reproduced" && f.outcome == Outcome::kPass;
  });
  return {{"reproduced", reproduced}, {"oracles", std::move(fired)},
          {"baseline_runtimes", std::move(baseline)}};
}

// One sentence for a reporter: does the issue survive the policy's limits?
std::string ScaledSentence(const ScaleDown& scale, const Json& result) {
  std::string sizes;
  for (const auto& f : scale.fields)
    sizes += (sizes.empty() ? "" : ", ") + f.field + " " + std::to_string(f.scaled_to) + " bytes";
  std::string text = "Run scaled down to the largest size within the limit (" + sizes + "), ";
  if (!result.value("reproduced", false)) return text + "it does not reproduce on any runtime.";
  std::string where;
  for (const auto& entry : result["oracles"]) {
    std::string runtimes;
    for (const auto& r : entry["runtimes"]) runtimes += (runtimes.empty() ? "" : ", ") + r.get<std::string>();
    where += (where.empty() ? "" : "; ") + entry["oracle"].get<std::string>() + " on " + runtimes;
  }
  return text + "it still reproduces: " + where + ".";
}

// The scaled-down result as evidence on each failed size finding, and in the summary.
void AddScaledEvidence(const ScaleDown& scale, const Json& result, CaseOutcome& outcome) {
  const std::string sentence = ScaledSentence(scale, result);
  for (auto& finding : outcome.findings) {
    if (finding.outcome != Outcome::kFail ||
        std::find(scale.rules.begin(), scale.rules.end(), finding.rule) == scale.rules.end())
      continue;
    finding.evidence["scaled_down"] = {{"reproduced", result["reproduced"]},
                                       {"oracles", result["oracles"]}};
    for (const auto& f : scale.fields)
      if (f.rule == finding.rule && f.step == finding.evidence.value("step", "") &&
          f.field == finding.evidence.value("field", ""))
        finding.evidence["scaled_down"]["scaled_to"] = f.scaled_to;
    finding.message += ". " + sentence;
  }
  outcome.verdict.summary += " " + sentence;
}

// MergeUnsanitizedInput folds the run-time unsanitized-input finding into the static one;
// this keeps the run-time finding's locations (the PoC's frame that performed the effect).
void MergeUnsanitizedInputKeepingLocations(std::vector<Finding>& findings) {
  std::vector<Location> run_time;
  for (const auto& f : findings)
    if (f.rule == "unsanitized-input" && f.evidence.contains("oracle"))
      run_time.insert(run_time.end(), f.locations.begin(), f.locations.end());
  MergeUnsanitizedInput(findings);
  for (auto& f : findings) {
    if (f.rule != "unsanitized-input" || !f.evidence.contains("confirmed_at_run_time")) continue;
    for (const auto& location : run_time) {
      const bool known = std::any_of(f.locations.begin(), f.locations.end(), [&](const Location& l) {
        return l.file == location.file && l.line == location.line;
      });
      if (!known) f.locations.push_back(location);
    }
  }
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
  ScaleDown scale;
  dynamic.not_run_reason = ReasonNotToRun(options, outcome.bundle, policy.limits, scale);
  Json scaled_down = scale.needed() ? scale.ToJson() : Json(nullptr);
  if (dynamic.not_run_reason.empty()) {
    const Bundle scaled = scale.runnable() ? ScaledBundle(outcome.bundle, scale) : Bundle{};
    const Bundle& to_run = scale.runnable() ? scaled : outcome.bundle;
    auto side = RunDynamicSide(to_run, options, received_date, outcome.affected, scale.size_to);
    if (!side) return side.error();
    dynamic = side.value().assessment.outcome;
    for (auto& finding : side.value().assessment.findings) outcome.findings.push_back(finding);
    oracles = side.value().assessment.oracles;
    runs = side.value().runs;
    claim_check = side.value().assessment.claim_check;
    if (auto dtl = MeasuredTemplateInput(runs, policy.limits.dtl_bytes_max_inclusive))
      outcome.findings.push_back(std::move(*dtl));
    if (scale.runnable()) {
      scaled_down["result"] = ScaledResult(oracles, side.value().assessment.findings, outcome.affected);
      for (auto& row : outcome.affected)
        if (row.tested) row.note += "; run scaled down to the size limit";
    }
  }
  MergeUnsanitizedInputKeepingLocations(outcome.findings);
  if (!dynamic.ran) outcome.findings.push_back(NotReproducedSkip(dynamic.not_run_reason));
  SortByPolicyOrder(outcome.findings, policy);
  outcome.verdict = DecideVerdict(outcome.findings, dynamic, policy);
  if (scaled_down.contains("result")) AddScaledEvidence(scale, scaled_down["result"], outcome);
  CaseRecordInputs inputs{outcome.bundle, received->instant, received->source, outcome.findings,
                          outcome.verdict, outcome.affected, policy};
  inputs.oracles = oracles;
  inputs.runs = runs;
  outcome.record = BuildCaseRecord(inputs);
  outcome.record["claim_check"] = claim_check;
  outcome.record["scaled_down"] = scaled_down;
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
