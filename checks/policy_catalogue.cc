#include "checks/policy_catalogue.h"

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/embedded_data.h"

namespace pocsift {
namespace {

RuleClass ParseClass(const std::string& name) {
  if (name == "guideline") return RuleClass::kGuideline;
  if (name == "redirect") return RuleClass::kRedirect;
  if (name == "assessment") return RuleClass::kAssessment;
  if (name == "review") return RuleClass::kReview;
  if (name == "severity-cap") return RuleClass::kSeverityCap;
  throw std::invalid_argument("unknown rule class " + name);
}

PolicyCatalogue ParseCatalogue(std::string_view text) {
  const auto doc = nlohmann::json::parse(text);
  PolicyCatalogue catalogue;
  catalogue.policy_name = doc.at("policy").get<std::string>();
  const auto& limits = doc.at("limits");
  catalogue.limits = {limits.at("request_target_bytes_max_exclusive").get<std::uint64_t>(),
                      limits.at("header_line_bytes_max_exclusive").get<std::uint64_t>(),
                      limits.at("body_bytes_max_inclusive").get<std::uint64_t>(),
                      limits.at("dtl_bytes_max_inclusive").get<std::uint64_t>()};
  for (const auto& rule : doc.at("rules")) {
    catalogue.rules.push_back({rule.at("id").get<std::string>(),
                               ParseClass(rule.at("class").get<std::string>()),
                               rule.value("route", ""), rule.at("section").get<std::string>(),
                               rule.at("policy").get<std::string>(),
                               rule.at("decides").get<std::string>(),
                               rule.at("fix").get<std::string>()});
  }
  return catalogue;
}

}  // namespace

const RuleCitation* PolicyCatalogue::Find(std::string_view id) const {
  for (const auto& rule : rules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

const PolicyCatalogue& Policy() {
  static const PolicyCatalogue kCatalogue = [] {
    try {
      return ParseCatalogue(EmbeddedFile("checks/data/policy.json").value());
    } catch (const std::exception& e) {
      std::cerr << "pocsift: the embedded policy catalogue is malformed: " << e.what() << "\n";
      std::abort();
    }
  }();
  return kCatalogue;
}

}  // namespace pocsift
