#include "checks/limits/url_size_rule.h"

#include "checks/limits/size_finding.h"

namespace pocsift {

std::vector<Finding> UrlSizeRule::Check(const CheckContext& context) const {
  std::vector<SizeMeasurement> measurements;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (wire) measurements.push_back({i, "request target", wire->target.size(), wire->swept_size});
  }
  return JudgeSizes(id(), context, measurements,
                    {context.limits.request_target_bytes_max_exclusive, false});
}

}  // namespace pocsift
