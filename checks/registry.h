// The one list of rules pocsift has, in the order findings and verdict reasons are reported.
#pragma once

#include <memory>
#include <vector>

#include "checks/finding.h"
#include "checks/rule.h"

namespace pocsift {

// Every static rule, in registry order. The list is built once and shared.
const std::vector<std::unique_ptr<Rule>>& StaticRules();

// Runs every static rule over `context`; findings in registry order.
std::vector<Finding> RunStaticRules(const CheckContext& context);

}  // namespace pocsift
