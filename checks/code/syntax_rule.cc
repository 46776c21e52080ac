#include "checks/code/syntax_rule.h"

namespace pocsift {

std::vector<Finding> PocSyntaxRule::Check(const CheckContext& context) const {
  const CodeAnalysis* code = context.code;
  if (code == nullptr || !code->ran) return {};  // poc_missing_rule already reports the bundle
  std::vector<Finding> findings;
  for (const auto& module : code->modules) {
    if (module.error_kind.empty()) continue;
    Finding finding;
    finding.rule = std::string(id());
    finding.outcome = Outcome::kFail;
    finding.evidence = {{"file", module.file},       {"line", module.error_line},
                        {"offset", module.error_offset}, {"parser", module.error_message},
                        {"python", code->python_version}};
    finding.locations.push_back({module.file, module.error_line});
    finding.message = module.file + ":" + std::to_string(module.error_line) +
                      ": the PoC's code does not parse (" + module.error_message + ")";
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace pocsift
