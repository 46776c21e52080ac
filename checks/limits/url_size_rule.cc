#include "checks/limits/url_size_rule.h"

#include "checks/limits/size_finding.h"

namespace pocsift {

std::vector<Finding> UrlSizeRule::Check(const CheckContext& context) const {
  std::vector<Finding> failures;
  const auto limit = context.limits.request_target_bytes_max_exclusive;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (!wire || wire->target.size() < limit) continue;
    failures.push_back(SizeViolation(id(), context.bundle.manifest.steps[i], "request target",
                                     wire->target.size(), limit, false, wire->swept_size));
  }
  if (failures.empty()) failures.push_back(Passed(id()));
  return failures;
}

}  // namespace pocsift
