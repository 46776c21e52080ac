#include "engine/verdict.h"

#include <algorithm>

namespace pocsift {
namespace {

// Failed rule ids of `classes`, each once, in findings (= registry) order.
std::vector<std::string> FailedOf(const std::vector<Finding>& findings,
                                  const PolicyCatalogue& policy,
                                  std::initializer_list<RuleClass> classes) {
  std::vector<std::string> ids;
  for (const auto& finding : findings) {
    if (finding.outcome != Outcome::kFail) continue;
    const RuleCitation* rule = policy.Find(finding.rule);
    if (rule == nullptr) continue;
    if (std::find(classes.begin(), classes.end(), rule->rule_class) == classes.end()) continue;
    if (std::find(ids.begin(), ids.end(), finding.rule) == ids.end()) ids.push_back(finding.rule);
  }
  return ids;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

Verdict Ineligible(std::vector<std::string> reasons, std::string why) {
  return {"ineligible", std::nullopt, "reporter", reasons,
          "Not a valid security report under Django's policy: " + why + " (" + JoinIds(reasons) +
              "). It goes back to the reporter with these reasons."};
}

}  // namespace

Verdict DecideVerdict(const std::vector<Finding>& findings, const DynamicOutcome& dynamic,
                      const PolicyCatalogue& policy) {
  auto guideline = FailedOf(findings, policy, {RuleClass::kGuideline, RuleClass::kAssessment});
  if (!FailedOf(findings, policy, {RuleClass::kGuideline}).empty())
    return Ineligible(std::move(guideline), "the report breaks the reporting guidelines");
  if (auto redirect = FailedOf(findings, policy, {RuleClass::kRedirect}); !redirect.empty()) {
    const std::string route = policy.Find(redirect.front())->route;
    return {"redirect", std::nullopt, route, redirect,
            "The issue belongs elsewhere (" + JoinIds(redirect) + "): route " + route + "."};
  }
  if (!guideline.empty())
    return Ineligible(std::move(guideline), "the issue does not meet the assessment criteria");
  auto review = FailedOf(findings, policy, {RuleClass::kReview});
  if (!dynamic.ran || !dynamic.severity || !review.empty() || !dynamic.failed_runs.empty()) {
    std::string why = !dynamic.ran ? "the proof of concept was not run: " + dynamic.not_run_reason
                      : !dynamic.failed_runs.empty()
                          ? "a run failed (" + dynamic.failed_runs.front() + ")"
                          : "no oracle fired steadily on a supported runtime under production "
                            "settings";
    return {"needs-review", std::nullopt, "security-team", review,
            "No static rule failed, but nothing confirms the issue: " + why +
                ". A person must review it; it is never eligible without a reproduction."};
  }
  return {"eligible", dynamic.severity, "security-team", {},
          "The proof of concept reproduced on a supported runtime under production settings "
          "and no rule failed."};
}

}  // namespace pocsift
