#include "checks/rule.h"

namespace pocsift {

CheckContext MakeCheckContext(const Bundle& bundle, const PolicyLimits& limits) {
  CheckContext context{bundle, limits, {}};
  for (const auto& step : bundle.manifest.steps) {
    if (step.request) {
      context.wire_steps.push_back(
          BuildWireRequest(*step.request, bundle.files, MeasurementPlaceholders()));
    } else {
      context.wire_steps.push_back(std::nullopt);
    }
  }
  return context;
}

Finding Passed(std::string_view rule) {
  Finding finding;
  finding.rule = std::string(rule);
  finding.outcome = Outcome::kPass;
  return finding;
}

}  // namespace pocsift
