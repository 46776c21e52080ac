// The one-screen text summary of a case for a terminal: decision, severity, route, each failed
// rule with its evidence, where it points and the reporter's one-line fix, and the
// affected-versions table. Deterministic for a given case record: no clock, no paths but the
// bundle's own.
#pragma once

#include <string>

#include "engine/cli/terminal.h"
#include "engine/pipeline.h"

namespace pocsift {

struct TextSummaryOptions {
  Painter painter{false};
  // Also list the rules that passed or were skipped, and one line per sandboxed run.
  bool verbose = false;
};

std::string TextSummary(const CaseOutcome& outcome, const TextSummaryOptions& options = {});

// Evidence as one short line, "key=value, key=value", scalars only, cut at `max_chars`; nested
// values are named "key=[…]" so the reader knows to look at the JSON record.
std::string EvidenceLine(const nlohmann::ordered_json& evidence, std::size_t max_chars = 110);

}  // namespace pocsift
