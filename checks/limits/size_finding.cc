#include "checks/limits/size_finding.h"

namespace pocsift {

Finding SizeViolation(std::string_view rule, const Step& step, const std::string& field,
                      std::uint64_t measured, std::uint64_t limit, bool limit_inclusive,
                      std::optional<std::uint64_t> swept_size) {
  Finding finding;
  finding.rule = std::string(rule);
  finding.outcome = Outcome::kFail;
  finding.evidence = {{"step", step.name},
                      {"field", field},
                      {"measured", measured},
                      {"limit", limit},
                      {"allowed", limit_inclusive ? "at most limit" : "less than limit"}};
  if (swept_size) finding.evidence["size_placeholder"] = *swept_size;
  finding.locations.push_back({"poc.json", 0});
  finding.message = "step \"" + step.name + "\": " + field + " is " + std::to_string(measured) +
                    " bytes; the policy allows " + (limit_inclusive ? "at most " : "less than ") +
                    std::to_string(limit);
  return finding;
}

}  // namespace pocsift
