// A finished case's duplicate signature: what reproduced and where, so that two reports of the
// same flaw match even when their proofs of concept differ in names, markers and line numbers.
//
// The signature is compact JSON, readable as it stands (it is shown to triagers as the match):
//   {"oracles":[{"oracle":"sql-injection","where":["django/db/models/query.py:filter", …]}],
//    "series":["4.2"]}
// - oracles: every oracle that fired, except the informational `exception`, by name;
// - where: the innermost (at most three) Django frames as file:function (lines move between
//   releases), or, with no frames, the sink the evidence names (e.g. the placement of the SQL
//   marker);
// - series: the Django series the case reproduced on.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace pocsift {

// nullopt when no oracle fired (nothing reproduced: nothing to be a duplicate of).
std::optional<std::string> CaseSignature(const nlohmann::ordered_json& record);

}  // namespace pocsift
