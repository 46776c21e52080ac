#include "checks/code/public_api.h"

namespace pocsift {
namespace {

std::vector<std::string> Aliases(const nlohmann::json& resolved) {
  std::vector<std::string> out;
  if (!resolved.is_object()) return out;
  const auto found = resolved.find("aliases");
  if (found == resolved.end() || !found->is_array()) return out;
  for (const auto& a : *found)
    if (a.is_string()) out.push_back(a.get<std::string>());
  return out;
}

const nlohmann::json& Entry(const nlohmann::json& all, const std::string& name) {
  static const nlohmann::json kNull;
  if (!all.is_object()) return kNull;
  const auto found = all.find(name);
  return found == all.end() ? kNull : *found;
}

// The inventory name under which `name` is documented (itself or an alias), or "".
std::string Documented(const std::string& name, const nlohmann::json& resolved,
                       const ApiInventory& inventory, const TaintCatalogue& catalogue) {
  if (catalogue.allowed_names.contains(name) || inventory.Role(name) != nullptr) return name;
  for (const auto& alias : Aliases(resolved))
    if (inventory.Role(alias) != nullptr || catalogue.allowed_names.contains(alias)) return alias;
  return "";
}

}  // namespace

NameJudgement JudgeName(const std::string& name, const nlohmann::json& resolved,
                        const nlohmann::json& all_resolved, const ApiInventory& inventory,
                        const TaintCatalogue& catalogue) {
  const std::string self = Documented(name, resolved, inventory, catalogue);
  if (!self.empty()) return {true, self == name ? "" : self, ""};
  // The longest documented prefix.
  std::string prefix = name;
  while (true) {
    const auto dot = prefix.rfind('.');
    if (dot == std::string::npos) break;
    const std::string next = name.substr(dot + 1, name.find('.', dot + 1) - dot - 1);
    prefix.resize(dot);
    const std::string documented = Documented(prefix, Entry(all_resolved, prefix), inventory, catalogue);
    if (documented.empty()) continue;
    if (catalogue.allowed_names.contains(documented)) return {true, documented, ""};
    const std::string* role = inventory.Role(documented);
    if (role != nullptr && (*role == "module" || *role == "namespace"))
      return {false, "", "module " + prefix + " is documented but does not document " + next};
    if (next.starts_with('_') && !catalogue.allowed_attributes.contains(next))
      return {false, "", next + " is an undocumented private attribute of " + prefix};
    return {true, documented, ""};
  }
  return {false, "", "not in Django " + inventory.version + "'s documentation inventory"};
}

std::string NearestDocumented(const std::string& name, const ApiInventory& inventory) {
  const std::string leaf = name.substr(name.rfind('.') + 1);
  if (leaf.empty() || leaf.starts_with('_')) return "";
  if (inventory.template_filters.contains(leaf)) return "the " + leaf + " template filter";
  if (inventory.template_tags.contains(leaf)) return "the " + leaf + " template tag";
  std::string best;
  for (const auto& [entry, role] : inventory.python) {
    if (!entry.ends_with("." + leaf) || entry == name) continue;
    if (best.empty() || entry.size() < best.size()) best = entry;
  }
  return best;
}

}  // namespace pocsift
