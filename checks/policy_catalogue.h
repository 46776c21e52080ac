// The policy catalogue (checks/data/policy.json): every rule id with the policy text it cites,
// its class in the verdict, how pocsift decides it and the reporter's fix; and the size limits.
// Changing the policy means editing that file and its tests, not code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pocsift {

// Where a failed rule puts the report (design.md, "Verdict", first match wins).
enum class RuleClass {
  kGuideline,    // reporting guideline: ineligible, back to the reporter
  kRedirect,     // redirect to another route
  kAssessment,   // assessment rule: ineligible
  kReview,       // needs a person: needs-review
  kSeverityCap,  // never blocks; caps the severity at Low
};

struct RuleCitation {
  std::string id;
  RuleClass rule_class = RuleClass::kGuideline;
  std::string route;  // for kRedirect: public-tracker | python-security | third-party-maintainers
  std::string section;
  std::string policy;   // the policy's words
  std::string decides;  // how pocsift decides it
  std::string fix;      // what the reporter can do
};

// The policy's size limits (policy.md: binary units, as Django's own settings).
struct PolicyLimits {
  std::uint64_t request_target_bytes_max_exclusive = 0;  // 8,192
  std::uint64_t header_line_bytes_max_exclusive = 0;     // 8,192
  std::uint64_t body_bytes_max_inclusive = 0;            // 2,621,440
  std::uint64_t dtl_bytes_max_inclusive = 0;             // 102,400
};

struct PolicyCatalogue {
  std::string policy_name;
  PolicyLimits limits;
  std::vector<RuleCitation> rules;  // in the catalogue's order

  // nullptr when `id` is not in the catalogue.
  const RuleCitation* Find(std::string_view id) const;
};

// The catalogue compiled into the binary. Parsed once; aborts at start-up if the embedded file
// is malformed (a build defect, caught by tests, never by users).
const PolicyCatalogue& Policy();

}  // namespace pocsift
