// SARIF 2.1.0 output (`pocsift check --format sarif`), so code-scanning tools can show
// pocsift's findings next to the reporter's code.
//
// One SARIF run per case. tool.driver.rules is the whole policy catalogue, in its order, with
// the policy text (shortDescription), how pocsift decides (fullDescription) and the reporter's
// fix and guidance (help). Each failed finding is one result: ruleId and ruleIndex into that
// list, a level from the rule's class (error: guideline and assessment rules; warning:
// redirects and needs-review; note: the severity cap), the finding's message, and a
// physical location per finding location, relative to the uriBaseId "BUNDLE" (a line region
// when the finding names a line). The verdict is in the run's properties. Spec:
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/pipeline.h"

namespace pocsift {

// A SARIF log with one run per outcome, in order.
nlohmann::ordered_json SarifLog(const std::vector<CaseOutcome>& outcomes);

}  // namespace pocsift
