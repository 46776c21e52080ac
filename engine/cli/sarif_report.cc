#include "engine/percent_encode.h"
#include "engine/cli/sarif_report.h"

#include <cctype>
#include <filesystem>

#include "checks/policy_catalogue.h"
#include "engine/case_record.h"
#include "engine/cli/rule_guidance.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kPolicyUri = "https://docs.djangoproject.com/en/dev/internals/security/";

std::string Level(RuleClass rule_class) {
  switch (rule_class) {
    case RuleClass::kGuideline:
    case RuleClass::kAssessment:
      return "error";
    case RuleClass::kRedirect:
    case RuleClass::kReview:
      return "warning";
    case RuleClass::kSeverityCap:
      return "note";
  }
  return "warning";
}

Json RuleDescriptor(const RuleCitation& rule) {
  const std::string guidance = RuleGuidance(rule.id);
  std::string help = "Fix: " + rule.fix;
  std::string markdown = "**Policy** (" + rule.section + "): " + rule.policy +
                         "\n\n**How pocsift decides:** " + rule.decides + "\n\n**Fix:** " +
                         rule.fix;
  if (!guidance.empty()) {
    help += "\n\n" + guidance;
    markdown += "\n\n" + guidance;
  }
  markdown += "\n\nMore: `pocsift explain " + rule.id + "`";
  return {{"id", rule.id},
          {"name", rule.id},
          {"shortDescription", {{"text", rule.policy}}},
          {"fullDescription", {{"text", rule.decides}}},
          {"help", {{"text", help}, {"markdown", markdown}}},
          {"helpUri", kPolicyUri},
          {"defaultConfiguration", {{"level", Level(rule.rule_class)}}},
          {"properties",
           {{"section", rule.section},
            {"class", RuleClassName(rule.id)},
            {"tags", Json::array({"security", "django-security-policy"})}}}};
}

// Percent-encodes what a relative URI reference cannot carry raw (RFC 3986), keeping '/'.
std::string UriPath(std::string_view path) { return PercentEncode(path, "/"); }

Json ResultFor(const Finding& finding, const PolicyCatalogue& policy) {
  Json result = {{"ruleId", finding.rule}};
  const RuleCitation* rule = policy.Find(finding.rule);
  if (rule != nullptr) result["ruleIndex"] = rule - policy.rules.data();
  result["kind"] = "fail";
  result["level"] = rule != nullptr ? Level(rule->rule_class) : "warning";
  result["message"] = {{"text", finding.message.empty() ? finding.rule : finding.message}};
  Json locations = Json::array();
  for (const auto& location : finding.locations) {
    Json physical = {{"artifactLocation", {{"uri", UriPath(location.file)}, {"uriBaseId", "BUNDLE"}}}};
    if (location.line > 0) physical["region"] = {{"startLine", location.line}};
    locations.push_back({{"physicalLocation", std::move(physical)}});
  }
  if (!locations.empty()) result["locations"] = std::move(locations);
  result["properties"] = {{"evidence", finding.evidence}};
  return result;
}

// The bundle as the base of every artifact URI: a folder is file:///abs/path/; an archive
// cannot be a base URI, so it is described instead and tools resolve paths themselves.
Json BundleBase(const Bundle& bundle) {
  Json base = {{"description", {{"text", "the bundle " + bundle.origin}}}};
  std::error_code error;
  const std::filesystem::path origin(bundle.origin);
  if (std::filesystem::is_directory(origin, error)) {
    const auto absolute = std::filesystem::absolute(origin, error).lexically_normal();
    std::string uri = "file://" + UriPath(absolute.string());
    if (uri.back() != '/') uri += '/';
    base["uri"] = uri;
  }
  return base;
}

Json RunFor(const CaseOutcome& outcome, const Json& rules, const PolicyCatalogue& policy) {
  Json results = Json::array();
  for (const auto& finding : outcome.findings)
    if (finding.outcome == Outcome::kFail) results.push_back(ResultFor(finding, policy));
  const Verdict& v = outcome.verdict;
  return {{"tool",
           {{"driver",
             {{"name", "pocsift"},
              {"version", kEngineVersion},
              {"semanticVersion", kEngineVersion},
              {"informationUri", kPolicyUri},
              {"rules", rules}}}}},
          {"automationDetails", {{"id", "pocsift/" + outcome.bundle.case_id()}}},
          {"originalUriBaseIds", {{"BUNDLE", BundleBase(outcome.bundle)}}},
          {"invocations", Json::array({{{"executionSuccessful", true}}})},
          {"results", std::move(results)},
          {"properties",
           {{"case_id", outcome.bundle.case_id()},
            {"title", outcome.bundle.manifest.title},
            {"decision", v.decision},
            {"severity", v.severity ? Json(*v.severity) : Json(nullptr)},
            {"route", v.route},
            {"reasons", v.reasons},
            {"summary", v.summary}}}};
}

}  // namespace

Json SarifLog(const std::vector<CaseOutcome>& outcomes) {
  const PolicyCatalogue& policy = Policy();
  Json rules = Json::array();
  for (const auto& rule : policy.rules) rules.push_back(RuleDescriptor(rule));
  Json runs = Json::array();
  for (const auto& outcome : outcomes) runs.push_back(RunFor(outcome, rules, policy));
  return {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", std::move(runs)}};
}

}  // namespace pocsift
