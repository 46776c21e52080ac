#include "checks/registry.h"

#include "checks/code/dtl_size_rule.h"
#include "checks/code/private_api_rule.h"
#include "checks/code/syntax_rule.h"
#include "checks/code/unsanitized_input_rule.h"
#include "checks/guidelines/code_screenshot_rule.h"
#include "checks/guidelines/instructions_missing_rule.h"
#include "checks/guidelines/poc_missing_rule.h"
#include "checks/limits/body_size_rule.h"
#include "checks/limits/header_size_rule.h"
#include "checks/limits/url_size_rule.h"
#include "checks/scope/dev_server_rule.h"
#include "checks/scope/manual_action_rule.h"

namespace pocsift {

const std::vector<std::unique_ptr<Rule>>& StaticRules() {
  static const auto* const kRules = [] {
    auto* rules = new std::vector<std::unique_ptr<Rule>>();
    // Reporting guidelines, in policy.md's order.
    rules->push_back(std::make_unique<PocMissingRule>());
    rules->push_back(std::make_unique<PocSyntaxRule>());  // poc-missing: code that does not parse
    rules->push_back(std::make_unique<InstructionsMissingRule>());
    rules->push_back(std::make_unique<CodeScreenshotRule>());
    rules->push_back(std::make_unique<UnsanitizedInputRule>());
    rules->push_back(std::make_unique<UrlSizeRule>());
    rules->push_back(std::make_unique<HeaderSizeRule>());
    rules->push_back(std::make_unique<BodySizeRule>());
    rules->push_back(std::make_unique<PrivateApiRule>());
    rules->push_back(std::make_unique<DtlSizeRule>());
    // Assessment rules that the bundle alone decides, in policy.md's order.
    rules->push_back(std::make_unique<ManualActionRule>());
    rules->push_back(std::make_unique<DevServerRule>());
    return rules;
  }();
  return *kRules;
}

std::vector<Finding> RunStaticRules(const CheckContext& context) {
  std::vector<Finding> findings;
  for (const auto& rule : StaticRules()) {
    for (auto& finding : rule->Check(context)) findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace pocsift
