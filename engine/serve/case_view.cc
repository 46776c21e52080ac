#include "engine/serve/case_view.h"

#include "checks/policy_catalogue.h"

namespace pocsift {
namespace {

using nlohmann::ordered_json;

ordered_json OrNull(const std::optional<std::string>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json ParsedRecord(const StoredCase& stored) {
  if (!stored.record) return nullptr;
  auto record = ordered_json::parse(*stored.record, nullptr, false);
  return record.is_discarded() ? ordered_json(nullptr) : record;
}

ordered_json EffectiveVerdict(const StoredCase& stored, const ordered_json& record) {
  if (stored.override_verdict) {
    return {{"decision", stored.override_verdict->decision},
            {"severity", OrNull(stored.override_verdict->severity)},
            {"source", "override"}};
  }
  if (!record.is_object() || !record.contains("verdict")) return nullptr;
  const auto& verdict = record["verdict"];
  return {{"decision", verdict.value("decision", "")},
          {"severity", verdict.contains("severity") ? verdict["severity"] : ordered_json(nullptr)},
          {"source", "engine"}};
}

ordered_json FailedRules(const ordered_json& record) {
  auto failed = ordered_json::array();
  if (!record.is_object() || !record.contains("findings")) return failed;
  for (const auto& finding : record["findings"]) {
    if (finding.value("outcome", "") != "fail") continue;
    const std::string rule = finding.value("rule", "");
    const RuleCitation* citation = Policy().Find(rule);
    failed.push_back({{"rule", rule},
                      {"message", finding.value("message", "")},
                      {"policy", finding.value("policy", "")},
                      {"fix", citation ? citation->fix : ""}});
  }
  return failed;
}

}  // namespace

std::string StatusUrl(const StoredCase& stored) { return "/v1/cases/" + stored.id; }

std::string ReporterLink(const StoredCase& stored) {
  return "/#case=" + stored.id + "&key=" + stored.link_key;
}

ordered_json CaseView(const StoredCase& stored, Audience audience) {
  const ordered_json record = ParsedRecord(stored);
  ordered_json view = {
      {"format", "pocsift-serve-case/1"},
      {"id", stored.id},
      {"status", stored.status},
      {"submitted_at", FormatInstant(stored.submitted_at)},
      {"updated_at", FormatInstant(stored.updated_at)},
      {"attempts", stored.attempts},
      {"failure", OrNull(stored.failure)},
      {"bundle_sha256", stored.bundle_sha256},
      {"bundle_purged", stored.bundle_purged},
      {"status_url", StatusUrl(stored)},
      {"verdict", EffectiveVerdict(stored, record)},
      {"failed_rules", FailedRules(record)},
      {"override", nullptr},
      {"record", record},
  };
  if (stored.override_verdict) {
    const auto& o = *stored.override_verdict;
    view["override"] = {{"decision", o.decision},
                        {"severity", OrNull(o.severity)},
                        {"reason", o.reason},
                        {"by", o.by},
                        {"at", FormatInstant(o.at)}};
  }
  if (audience == Audience::kTriager) {
    view["submitter"] = stored.submitter;
    ordered_json match = nullptr;
    if (stored.signature) {
      match = ordered_json::parse(*stored.signature, nullptr, false);
      if (match.is_discarded()) match = *stored.signature;
    }
    view["signature"] = match;
    view["duplicate"] = stored.duplicate_of
                            ? ordered_json{{"of", *stored.duplicate_of}, {"match", match}}
                            : ordered_json(nullptr);
  }
  return view;
}

ordered_json CaseSummary(const StoredCase& stored, Audience audience) {
  const ordered_json record = ParsedRecord(stored);
  const ordered_json verdict = EffectiveVerdict(stored, record);
  ordered_json row = {
      {"id", stored.id},
      {"status", stored.status},
      {"submitted_at", FormatInstant(stored.submitted_at)},
      {"title", record.is_object() ? record.value("title", "") : ""},
      {"decision", verdict.is_object() ? verdict["decision"] : ordered_json(nullptr)},
      {"status_url", StatusUrl(stored)},
  };
  if (audience == Audience::kTriager) {
    row["submitter"] = stored.submitter;
    row["duplicate_of"] = OrNull(stored.duplicate_of);
  }
  return row;
}

}  // namespace pocsift
