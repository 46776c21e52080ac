#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "checks/policy_catalogue.h"
#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/cli/rule_guidance.h"
#include "engine/cli/terminal.h"
#include "engine/one_line.h"

namespace pocsift {
namespace {

// What a failed rule does to the verdict (design.md, "Verdict").
std::string Effect(const RuleCitation& rule) {
  switch (rule.rule_class) {
    case RuleClass::kGuideline:
      return "ineligible: the report breaks a reporting guideline and goes back to the reporter";
    case RuleClass::kRedirect:
      return "redirect to " + rule.route;
    case RuleClass::kAssessment:
      return "ineligible: the issue does not need a security release";
    case RuleClass::kReview:
      return "needs-review: a person looks at it; never silently eligible";
    case RuleClass::kSeverityCap:
      return "never blocks; caps the severity at Low";
  }
  return "";
}

nlohmann::ordered_json RuleJson(const RuleCitation& rule) {
  return {{"id", rule.id},           {"class", RuleClassName(rule.id)},
          {"route", rule.route},     {"section", rule.section},
          {"policy", rule.policy},   {"decides", rule.decides},
          {"fix", rule.fix},         {"guidance", RuleGuidance(rule.id)},
          {"effect", Effect(rule)}};
}

// Wraps `text` at `width` columns, each line prefixed with `indent`.
std::string Wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

void PrintRule(const RuleCitation& rule, const Painter& paint) {
  std::string out = paint(Style::kBold, rule.id) + "  (" + RuleClassName(rule.id) + ", " +
                    rule.section + ")\n\n";
  out += paint(Style::kBold, "The policy says") + "\n" + Wrap(rule.policy, 90, "  ") + "\n";
  out += paint(Style::kBold, "How pocsift decides") + "\n" + Wrap(rule.decides, 90, "  ") + "\n";
  out += paint(Style::kBold, "When it fails") + "\n" + Wrap(Effect(rule), 90, "  ") + "\n";
  out += paint(Style::kBold, "How to fix or re-scope the report") + "\n" +
         Wrap(rule.fix, 90, "  ");
  const std::string guidance = RuleGuidance(rule.id);
  if (!guidance.empty()) out += "\n" + Wrap(guidance, 90, "  ");
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int RunExplainCommand(const ExplainCommandOptions& options) {
  const PolicyCatalogue& policy = Policy();
  const Painter paint(ColorWanted(stdout, options.no_color));
  if (!options.rule) {
    if (options.json) {
      auto rules = nlohmann::ordered_json::array();
      for (const auto& rule : policy.rules) rules.push_back(RuleJson(rule));
      std::cout << rules.dump(2) << "\n";
      return kExitEligible;
    }
    for (const auto& rule : policy.rules) {
      std::printf("%s%*s %-12s %s\n", paint(Style::kBold, rule.id).c_str(),
                  static_cast<int>(rule.id.size() < 25 ? 25 - rule.id.size() : 1), "", RuleClassName(rule.id).c_str(),
                  rule.policy.c_str());
    }
    std::printf("\npocsift explain RULE: the policy text, how pocsift decides it and the fix\n");
    return kExitEligible;
  }
  const RuleCitation* rule = policy.Find(*options.rule);
  if (rule == nullptr) {
    std::cerr << "pocsift: unknown rule \"" << OneLine(*options.rule)
              << "\" (pocsift explain lists them)\n";
    return kExitBadInput;
  }
  if (options.json) {
    std::cout << RuleJson(*rule).dump(2) << "\n";
    return kExitEligible;
  }
  PrintRule(*rule, paint);
  return kExitEligible;
}

}  // namespace pocsift
