#include "engine/cli/rule_guidance.h"

#include <map>

#include <nlohmann/json.hpp>

#include "engine/embedded_data.h"

namespace pocsift {
namespace {

struct Extra {
  std::string guidance;
  std::string rule_class;
};

// The embedded catalogue is checked by Policy() at start-up; here a malformed file simply
// yields no guidance.
const std::map<std::string, Extra, std::less<>>& Extras() {
  static const auto* const kExtras = [] {
    auto* extras = new std::map<std::string, Extra, std::less<>>();
    const auto text = EmbeddedFile("checks/data/policy.json");
    if (!text) return extras;
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.contains("rules") || !doc["rules"].is_array()) return extras;
    for (const auto& rule : doc["rules"]) {
      if (!rule.is_object() || !rule.contains("id") || !rule["id"].is_string()) continue;
      Extra extra;
      if (rule.contains("guidance") && rule["guidance"].is_string())
        extra.guidance = rule["guidance"].get<std::string>();
      if (rule.contains("class") && rule["class"].is_string())
        extra.rule_class = rule["class"].get<std::string>();
      extras->emplace(rule["id"].get<std::string>(), std::move(extra));
    }
    return extras;
  }();
  return *kExtras;
}

}  // namespace

std::string RuleGuidance(std::string_view id) {
  const auto found = Extras().find(id);
  return found == Extras().end() ? "" : found->second.guidance;
}

std::string RuleClassName(std::string_view id) {
  const auto found = Extras().find(id);
  return found == Extras().end() ? "" : found->second.rule_class;
}

}  // namespace pocsift
