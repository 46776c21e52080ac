#include "checks/limits/header_size_rule.h"

#include "checks/limits/size_finding.h"

namespace pocsift {

std::vector<Finding> HeaderSizeRule::Check(const CheckContext& context) const {
  std::vector<Finding> failures;
  const auto limit = context.limits.header_line_bytes_max_exclusive;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (!wire) continue;
    for (const auto& line : wire->header_lines) {
      if (line.size() < limit) continue;
      const std::string name = line.substr(0, line.find(':'));
      failures.push_back(SizeViolation(id(), context.bundle.manifest.steps[i],
                                       "header " + name, line.size(), limit, false,
                                       wire->swept_size));
    }
  }
  if (failures.empty()) failures.push_back(Passed(id()));
  return failures;
}

}  // namespace pocsift
