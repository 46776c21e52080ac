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
  std::vector<SizeMeasurement> measurements;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (wire) measurements.push_back({i, BodyField(*wire), wire->body_bytes, wire->swept_size});
  }
  return JudgeSizes(id(), context, measurements, {context.limits.body_bytes_max_inclusive, true});
}

}  // namespace pocsift
