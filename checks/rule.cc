#include "checks/rule.h"

namespace pocsift {

CheckContext MakeCheckContext(const Bundle& bundle, const PolicyLimits& limits) {
  CheckContext context{bundle, limits, {}};
  context.wire_steps =
      BuildWireSteps(bundle.manifest.steps, bundle.files, MeasurementPlaceholders());
  return context;
}

Finding Passed(std::string_view rule) {
  Finding finding;
  finding.rule = std::string(rule);
  finding.outcome = Outcome::kPass;
  return finding;
}

}  // namespace pocsift
