#include "engine/case_record.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

Json FindingJson(const Finding& finding, const PolicyCatalogue& policy) {
  const RuleCitation* rule = policy.Find(finding.rule);
  Json locations = Json::array();
  for (const auto& location : finding.locations) {
    Json entry = {{"file", location.file}};
    if (location.line > 0) entry["line"] = location.line;
    locations.push_back(std::move(entry));
  }
  return {{"rule", finding.rule},
          {"outcome", OutcomeName(finding.outcome)},
          {"policy", rule != nullptr ? rule->section + ": " + rule->policy : ""},
          {"message", finding.message},
          {"evidence", finding.evidence},
          {"locations", std::move(locations)}};
}

Json AffectedJson(const AffectedRow& row) {
  const auto optional = [](const auto& value) { return value ? Json(*value) : Json(nullptr); };
  return {{"series", row.series},          {"version", optional(row.version)},
          {"runtime", optional(row.runtime)}, {"supported", row.supported},
          {"tested", row.tested},          {"reproduced", optional(row.reproduced)},
          {"flaky", row.flaky},            {"note", row.note}};
}

Json VerdictJson(const Verdict& verdict) {
  return {{"decision", verdict.decision},
          {"severity", verdict.severity ? Json(*verdict.severity) : Json(nullptr)},
          {"route", verdict.route},
          {"reasons", verdict.reasons},
          {"summary", verdict.summary}};
}

}  // namespace

Date AckDue(Instant received) { return AddWorkingDays(UtcDate(received), 3); }
Date ResolutionDue(Instant received) { return AddDays(UtcDate(received), 90); }

Json BuildCaseRecord(const CaseRecordInputs& in) {
  Json findings = Json::array();
  for (const auto& finding : in.findings) findings.push_back(FindingJson(finding, in.policy));
  Json affected = Json::array();
  for (const auto& row : in.affected) affected.push_back(AffectedJson(row));
  return {{"format", kCaseFormat},
          {"case_id", in.bundle.case_id()},
          {"bundle_sha256", in.bundle.sha256},
          {"title", in.bundle.manifest.title},
          {"received", FormatInstant(in.received)},
          {"received_source", in.received_source},
          {"ack_due", FormatDate(AckDue(in.received))},
          {"resolution_due", FormatDate(ResolutionDue(in.received))},
          {"engine", {{"version", kEngineVersion}, {"policy", in.policy.policy_name}}},
          {"claim",
           {{"category", in.bundle.manifest.claim.category},
            {"severity", in.bundle.manifest.claim.severity
                             ? Json(*in.bundle.manifest.claim.severity)
                             : Json(nullptr)},
            {"versions", in.bundle.manifest.claim.versions}}},
          {"verdict", VerdictJson(in.verdict)},
          {"affected", std::move(affected)},
          {"findings", std::move(findings)},
          {"oracles", in.oracles},
          {"runs", in.runs}};
}

}  // namespace pocsift
