#include "engine/cli/text_summary.h"

#include <cstdio>

#include "checks/policy_catalogue.h"
#include "engine/one_line.h"

namespace pocsift {
namespace {

Style DecisionStyle(const std::string& decision) {
  if (decision == "eligible") return Style::kGreen;
  if (decision == "ineligible") return Style::kRed;
  if (decision == "redirect") return Style::kCyan;
  return Style::kYellow;
}

std::string Row(const AffectedRow& row, const Painter& paint) {
  const std::string reproduced = row.reproduced ? (*row.reproduced ? "yes" : "no") : "-";
  char line[256];
  std::snprintf(line, sizeof line, "  %-6s %-10s %-11s %-10s ", row.series.c_str(),
                row.version.value_or("-").c_str(), row.supported ? "supported" : "unsupported",
                row.tested ? "tested" : "not tested");
  std::string out = line;
  std::snprintf(line, sizeof line, "%-10s", (reproduced + (row.flaky ? " (flaky)" : "")).c_str());
  out += row.reproduced && *row.reproduced ? paint(Style::kRed, line) : std::string(line);
  out += " " + OneLine(row.note) + "\n";
  return out;
}

std::string Locations(const Finding& finding) {
  std::string out;
  for (const auto& location : finding.locations) {
    if (!out.empty()) out += ", ";
    out += OneLine(location.file);
    if (location.line > 0) out += ":" + std::to_string(location.line);
  }
  return out;
}

std::string FailedRules(const CaseOutcome& outcome, const Painter& paint) {
  std::string out;
  for (const auto& finding : outcome.findings) {
    if (finding.outcome != Outcome::kFail) continue;
    out += "  " + paint(Style::kRed, "✗ " + finding.rule) + ": " + OneLine(finding.message) + "\n";
    const std::string evidence = EvidenceLine(finding.evidence);
    if (!evidence.empty()) out += "      evidence: " + evidence + "\n";
    const std::string where = Locations(finding);
    if (!where.empty()) out += "      at: " + where + "\n";
    if (const RuleCitation* rule = Policy().Find(finding.rule))
      out += "      " + paint(Style::kBold, "fix:") + " " + rule->fix + "\n";
  }
  return out;
}

std::string OtherRules(const CaseOutcome& outcome, const Painter& paint) {
  std::string out;
  for (const auto& finding : outcome.findings) {
    if (finding.outcome == Outcome::kFail) continue;
    const bool pass = finding.outcome == Outcome::kPass;
    out += "  " + paint(pass ? Style::kGreen : Style::kDim, (pass ? "✓ " : "- ") + finding.rule) +
           ": " + OneLine(finding.message) + "\n";
  }
  return out;
}

std::string Runs(const CaseOutcome& outcome) {
  std::string out;
  if (!outcome.record.contains("runs")) return out;
  for (const auto& run : outcome.record["runs"]) {
    out += "  " + OneLine(run.value("runtime", "")) + " " + OneLine(run.value("variant", "")) +
           " #" + std::to_string(run.value("attempt", 0)) + ": " +
           OneLine(run.value("status", "")) + ", " + std::to_string(run.value("wall_ms", 0)) +
           " ms wall, " + std::to_string(run.value("cpu_ms", 0)) + " ms CPU\n";
  }
  return out;
}

std::string Scalar(const nlohmann::ordered_json& value) {
  if (value.is_string()) return OneLine(value.get<std::string>());
  if (value.is_array() || value.is_object()) return "[…]";
  return value.dump();
}

}  // namespace

std::string EvidenceLine(const nlohmann::ordered_json& evidence, std::size_t max_chars) {
  if (!evidence.is_object()) return evidence.is_null() ? "" : Scalar(evidence);
  std::string out;
  for (const auto& [key, value] : evidence.items()) {
    if (!out.empty()) out += ", ";
    out += OneLine(key) + "=" + Scalar(value);
  }
  if (out.size() > max_chars) {
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string TextSummary(const CaseOutcome& outcome, const TextSummaryOptions& options) {
  const Painter& paint = options.painter;
  const Verdict& v = outcome.verdict;
  std::string out;
  out += paint(Style::kBold, outcome.bundle.case_id()) + "  " +
         OneLine(outcome.bundle.manifest.title) + "\n";
  out += "  received " + outcome.record["received"].get<std::string>() + " (" +
         outcome.record["received_source"].get<std::string>() + "), ack due " +
         outcome.record["ack_due"].get<std::string>() + ", resolution due " +
         outcome.record["resolution_due"].get<std::string>() + "\n";
  out += "verdict: " + paint(DecisionStyle(v.decision), v.decision) +
         "   severity: " + v.severity.value_or("-") + "   route: " + v.route + "\n";
  out += "  " + OneLine(v.summary) + "\n";
  const std::string failed = FailedRules(outcome, paint);
  if (!failed.empty()) out += paint(Style::kBold, "failed rules:") + "\n" + failed;
  if (options.verbose) {
    const std::string other = OtherRules(outcome, paint);
    if (!other.empty()) out += paint(Style::kBold, "other rules:") + "\n" + other;
    const std::string runs = Runs(outcome);
    if (!runs.empty()) out += paint(Style::kBold, "runs:") + "\n" + runs;
  }
  out += paint(Style::kBold, "affected versions:") + "\n";
  out += paint(Style::kDim, "  SERIES VERSION    SUPPORT     TESTED     REPRODUCED NOTE") + "\n";
  for (const auto& row : outcome.affected) out += Row(row, paint);
  if (!failed.empty()) out += "why: pocsift explain RULE\n";
  return out;
}

}  // namespace pocsift
