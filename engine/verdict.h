// The eligibility verdict: design.md's precedence applied to the findings (first match wins).
//  1. a reporting-guideline rule failed                     -> ineligible, route reporter
//  2. hardening / python-stdlib / third-party failed          -> redirect, that rule's route
//  3. an assessment rule failed (manual-action, debug-only…)  -> ineligible, route reporter
//  4. nothing reproduced, the PoC did not run, or a run failed -> needs-review
//  5. otherwise                                               -> eligible, route security-team
// Which class each rule belongs to is data (checks/data/policy.json).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/finding.h"
#include "checks/policy_catalogue.h"

namespace pocsift {

struct Verdict {
  std::string decision;                 // eligible | ineligible | redirect | needs-review
  std::optional<std::string> severity;  // high | moderate | low, when eligible
  std::string route;  // security-team | reporter | python-security | third-party-maintainers
                      // | public-tracker
  std::vector<std::string> reasons;  // failed rule ids behind the decision, registry order
  std::string summary;               // one paragraph a person can read
};

// What the dynamic side contributed; for now only whether the PoC ran at all and why not.
struct DynamicOutcome {
  bool ran = false;
  std::string not_run_reason;  // said in the summary when ran is false
  std::optional<std::string> severity;  // from the oracle that fired, when one did
  std::vector<std::string> failed_runs;  // "<runtime> <variant>: <reason>" of runs that failed
};

Verdict DecideVerdict(const std::vector<Finding>& findings, const DynamicOutcome& dynamic,
                      const PolicyCatalogue& policy);

}  // namespace pocsift
