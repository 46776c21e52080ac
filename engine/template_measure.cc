#include "engine/template_measure.h"

namespace pocsift {

std::optional<Finding> MeasuredTemplateInput(const nlohmann::ordered_json& runs, std::uint64_t limit) {
  std::uint64_t largest = 0;
  std::string runtime, step;
  bool measured = false;
  if (!runs.is_array()) return std::nullopt;
  for (const auto& run : runs) {
    if (!run.is_object() || !run.contains("steps") || !run["steps"].is_array()) continue;
    for (const auto& frame : run["steps"]) {
      if (!frame.is_object() || !frame.contains("dtl") || !frame["dtl"].is_object()) continue;
      const auto& dtl = frame["dtl"];
      if (!dtl.contains("max_render_bytes") || !dtl["max_render_bytes"].is_number_unsigned()) continue;
      measured = true;
      const auto bytes = dtl["max_render_bytes"].get<std::uint64_t>();
      if (bytes < largest) continue;
      largest = bytes;
      runtime = run.value("runtime", "");
      step = frame.value("name", "");
    }
  }
  if (!measured) return std::nullopt;
  Finding finding;
  finding.rule = "dtl-over-100kb";
  finding.outcome = largest > limit ? Outcome::kFail : Outcome::kPass;
  finding.evidence = {{"estimate", "measured at run time"}, {"runtime", runtime}, {"step", step},
                      {"measured", largest}, {"limit", limit}};
  if (finding.outcome == Outcome::kFail)
    finding.message = "one render of step \"" + step + "\" fed " + std::to_string(largest) +
                      " bytes to the Django Template Language (limit " + std::to_string(limit) +
                      ", measured on " + runtime + ")";
  return finding;
}

}  // namespace pocsift
