// The one-screen text summary of a case for a terminal: decision, severity, route, each failed
// rule with its evidence and the reporter's fix, and the affected-versions table.
#pragma once

#include <string>

#include "engine/pipeline.h"

namespace pocsift {

std::string TextSummary(const CaseOutcome& outcome);

}  // namespace pocsift
