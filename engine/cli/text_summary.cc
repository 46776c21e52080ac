#include "engine/cli/text_summary.h"

#include <cstdio>

#include "checks/policy_catalogue.h"

namespace pocsift {
namespace {

std::string Row(const AffectedRow& row) {
  char line[200];
  std::snprintf(line, sizeof line, "  %-6s %-10s %-11s %-10s %-11s %s\n", row.series.c_str(),
                row.version.value_or("-").c_str(), row.supported ? "supported" : "unsupported",
                row.tested ? "tested" : "not tested",
                row.reproduced ? (*row.reproduced ? "reproduced" : "no") : "-", row.note.c_str());
  return line;
}

std::string FailedRules(const CaseOutcome& outcome) {
  std::string out;
  for (const auto& finding : outcome.findings) {
    if (finding.outcome != Outcome::kFail) continue;
    out += "  ✗ " + finding.rule + ": " + finding.message + "\n";
    if (const RuleCitation* rule = Policy().Find(finding.rule))
      out += "      fix: " + rule->fix + "\n";
  }
  return out;
}

}  // namespace

std::string TextSummary(const CaseOutcome& outcome) {
  const Verdict& v = outcome.verdict;
  std::string out;
  out += outcome.bundle.case_id() + "  " + outcome.bundle.manifest.title + "\n";
  out += "  received " + outcome.record["received"].get<std::string>() + " (" +
         outcome.record["received_source"].get<std::string>() + "), ack due " +
         outcome.record["ack_due"].get<std::string>() + ", resolution due " +
         outcome.record["resolution_due"].get<std::string>() + "\n";
  out += "verdict: " + v.decision + "   severity: " + v.severity.value_or("-") +
         "   route: " + v.route + "\n";
  out += "  " + v.summary + "\n";
  const std::string failed = FailedRules(outcome);
  if (!failed.empty()) out += "failed rules:\n" + failed;
  out += "affected versions:\n";
  for (const auto& row : outcome.affected) out += Row(row);
  return out;
}

}  // namespace pocsift
