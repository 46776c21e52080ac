#include "checks/limits/size_finding.h"

#include <algorithm>

namespace pocsift {
namespace {

bool IsOver(const SizeMeasurement& m, SizeLimit limit) {
  return limit.inclusive ? m.measured > limit.bytes : m.measured >= limit.bytes;
}

Finding Judged(std::string_view rule, Outcome outcome, const Step& step, const SizeMeasurement& m,
               SizeLimit limit) {
  Finding finding;
  finding.rule = std::string(rule);
  finding.outcome = outcome;
  const std::string allowed = limit.inclusive ? "at most" : "less than";
  finding.evidence = {{"step", step.name},
                      {"field", m.field},
                      {"measured", m.measured},
                      {"limit", limit.bytes},
                      {"allowed", allowed + " limit"}};
  if (m.size_placeholder) finding.evidence["size_placeholder"] = *m.size_placeholder;
  finding.locations.push_back({"poc.json", 0});
  finding.message = "step \"" + step.name + "\": " + m.field + " is " +
                    std::to_string(m.measured) + " bytes; the policy allows " + allowed + " " +
                    std::to_string(limit.bytes);
  return finding;
}

}  // namespace

std::vector<Finding> JudgeSizes(std::string_view rule, const CheckContext& context,
                                const std::vector<SizeMeasurement>& measurements,
                                SizeLimit limit) {
  const auto& steps = context.bundle.manifest.steps;
  std::vector<Finding> failures;
  for (const auto& m : measurements) {
    if (IsOver(m, limit)) failures.push_back(Judged(rule, Outcome::kFail, steps[m.step_index], m, limit));
  }
  if (!failures.empty()) return failures;
  const auto largest = std::max_element(
      measurements.begin(), measurements.end(),
      [](const SizeMeasurement& a, const SizeMeasurement& b) { return a.measured < b.measured; });
  if (largest == measurements.end()) return {Passed(rule)};
  return {Judged(rule, Outcome::kPass, steps[largest->step_index], *largest, limit)};
}

}  // namespace pocsift
