// Is a django.* name public? The judgement behind private-api, for one name against one
// version's documentation inventory (docs/code-rules.md, "private-api").
//
// A name is public when the inventory lists it, or lists one of its aliases (the defining
// path or a re-export, as the runtime's Django resolved them), or it is on the catalogue's
// reviewed allow-list; an attribute of a documented class or function is public unless its
// name starts with "_" (and is not allowed, like `_meta`); a name inside a documented module
// that the inventory does not list is private, and so is every name under an undocumented
// module (django.utils.archive, django.db.models.sql).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/code/api_inventory.h"
#include "checks/code/taint_catalogue.h"

namespace pocsift {

struct NameJudgement {
  bool is_public = false;
  std::string documented_as;  // the inventory name that made it public, when not the name itself
  std::string why;            // for a private name: what the inventory lacks
};

// `resolved` is the harness's entry for the name ({"found", "kind", "aliases"}) or null.
NameJudgement JudgeName(const std::string& name, const nlohmann::json& resolved,
                        const nlohmann::json& all_resolved, const ApiInventory& inventory,
                        const TaintCatalogue& catalogue);

// The documented route nearest to a private name: an inventory entry or template filter with
// the same last component ("django.utils.html.urlize" -> "the urlize template filter"), or "".
std::string NearestDocumented(const std::string& name, const ApiInventory& inventory);

}  // namespace pocsift
