#include "checks/code/dtl_size_rule.h"

#include "checks/code/taint_analysis.h"

namespace pocsift {

std::vector<Finding> DtlSizeRule::Check(const CheckContext& context) const {
  Finding finding = Passed(id());
  std::uint64_t largest = 0;
  std::string largest_step;
  for (std::size_t i = 0; i < context.wire_steps.size(); ++i) {
    const auto& wire = context.wire_steps[i];
    if (!wire) continue;
    const std::uint64_t bytes = wire->target.size() + wire->body_bytes;
    if (bytes >= largest) largest = bytes, largest_step = context.bundle.manifest.steps[i].name;
  }
  const std::uint64_t limit = context.limits.dtl_bytes_max_inclusive;
  finding.evidence = {{"estimate", "static"}, {"largest_request_data", largest}, {"limit", limit}};
  const CodeAnalysis* code = context.code;
  if (code == nullptr || !code->ran) {
    if (largest <= limit) return {finding};
    finding.outcome = Outcome::kSkip;
    finding.message = "not decided statically: the code was not analysed";
    return {finding};
  }
  const TaintReport report = AnalyzeTaint(*code, DefaultTaintCatalogue());
  std::vector<TemplateInput> inputs = report.template_inputs;
  for (const auto& flow : report.unsafe)
    if (flow.sink == "template-from-source") inputs.push_back({"Template(source) from " + flow.source, flow.at});
  nlohmann::ordered_json renders = nlohmann::ordered_json::array();
  for (const auto& input : inputs)
    renders.push_back({{"what", input.what}, {"file", input.at.file}, {"line", input.at.line}});
  finding.evidence["renders_with_request_data"] = renders;
  if (inputs.empty() || largest <= limit) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence["step"] = largest_step;
  finding.evidence["measured"] = largest;
  for (const auto& input : inputs) finding.locations.push_back(input.at);
  finding.message = "step \"" + largest_step + "\" carries " + std::to_string(largest) +
                    " bytes of request data (limit " + std::to_string(limit) +
                    ") and the PoC feeds request data to template rendering (" + inputs.front().what +
                    " at " + inputs.front().at.file + ":" + std::to_string(inputs.front().at.line) + ")";
  return {finding};
}

}  // namespace pocsift
