#include "checks/limits/header_size_rule.h"

#include "checks/limits/size_finding.h"

namespace pocsift {

std::vector<Finding> HeaderSizeRule::Check(const CheckContext& context) const {
  std::vector<SizeMeasurement> measurements;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (!wire) continue;
    for (const auto& line : wire->header_lines) {
      measurements.push_back(
          {i, "header " + line.substr(0, line.find(':')), line.size(), wire->swept_size});
    }
  }
  return JudgeSizes(id(), context, measurements,
                    {context.limits.header_line_bytes_max_exclusive, false});
}

}  // namespace pocsift
