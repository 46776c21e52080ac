// The longer reporter guidance of each rule: the optional "guidance" field of
// checks/data/policy.json entries, which the policy catalogue (checks/policy_catalogue.h) does
// not carry. Read by `pocsift explain` and the SARIF rule help.
#pragma once

#include <string>
#include <string_view>

namespace pocsift {

// The guidance paragraph for rule `id`; empty when the entry has none.
std::string RuleGuidance(std::string_view id);

// The class of a rule as policy.json spells it ("guideline", "redirect", …); empty if unknown.
std::string RuleClassName(std::string_view id);

}  // namespace pocsift
