// Rule: the interface every policy rule implements.
//
// A rule is stateless: Check() reads the case so far (the bundle, the wire form of each step)
// and returns its findings: one `pass` finding when nothing is wrong, or one `fail` finding per
// violation, each with evidence. Rules never include each other; checks/registry.cc lists them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "checks/code/code_analysis.h"
#include "checks/finding.h"
#include "checks/policy_catalogue.h"
#include "engine/bundle.h"
#include "engine/wire_request.h"

namespace pocsift {

// What the static rules see of a case.
struct CheckContext {
  const Bundle& bundle;
  const PolicyLimits& limits;
  // One entry per manifest step, in order; nullopt for a `manage` step.
  std::vector<std::optional<WireRequest>> wire_steps;
  // The PoC's parsed code and the runtimes' documentation (engine/code_analysis); null when the
  // caller did not analyse it, and then the code rules report `skip`.
  const CodeAnalysis* code = nullptr;
};

// Builds the context: expands every request step with the measurement placeholders.
CheckContext MakeCheckContext(const Bundle& bundle, const PolicyLimits& limits);

class Rule {
 public:
  virtual ~Rule() = default;
  // The policy rule id, which is also the key into the policy catalogue.
  virtual std::string_view id() const = 0;
  virtual std::vector<Finding> Check(const CheckContext& context) const = 0;
};

// A pass finding for `rule`, for rules that found nothing.
Finding Passed(std::string_view rule);

}  // namespace pocsift
