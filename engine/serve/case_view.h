// The JSON the API returns for a stored case ("pocsift-serve-case/1", docs/serve.md), cut to
// what the reader may see: a triager (read/admin) sees the duplicate match and the submitter;
// a submitter and the reporter's link see their own case without either, so nothing about
// another submitter's cases can reach them.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/serve/case_store.h"

namespace pocsift {

enum class Audience { kTriager, kSubmitter };

// The full view: status, the engine's record, the effective verdict (an override wins, both
// kept), every failed rule with its policy text and the reporter's fix.
nlohmann::ordered_json CaseView(const StoredCase& stored, Audience audience);

// One row of a listing.
nlohmann::ordered_json CaseSummary(const StoredCase& stored, Audience audience);

// The status URL and the reporter's per-case link (its key travels in the fragment, which
// browsers never send to a server, so it stays out of access logs and Referer headers).
std::string StatusUrl(const StoredCase& stored);
std::string ReporterLink(const StoredCase& stored);

}  // namespace pocsift
