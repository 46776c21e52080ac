#include "checks/limits/body_size_rule.h"

#include "checks/limits/size_finding.h"

namespace pocsift {
namespace {

std::string BodyField(const WireRequest& wire) {
  if (wire.generated_body) return "body (body_repeat)";
  if (wire.body_file) return "body (body_file " + *wire.body_file + ")";
  return "body";
}

}  // namespace

std::vector<Finding> BodySizeRule::Check(const CheckContext& context) const {
  std::vector<Finding> failures;
  const auto limit = context.limits.body_bytes_max_inclusive;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (!wire || wire->body_bytes <= limit) continue;
    failures.push_back(SizeViolation(id(), context.bundle.manifest.steps[i], BodyField(*wire),
                                     wire->body_bytes, limit, true, wire->swept_size));
  }
  if (failures.empty()) failures.push_back(Passed(id()));
  return failures;
}

}  // namespace pocsift
