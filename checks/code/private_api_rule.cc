#include "checks/code/private_api_rule.h"

#include <map>
#include <set>

#include "checks/code/public_api.h"
#include "checks/code/python_ast.h"
#include "checks/code/taint_catalogue.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

struct Use {
  std::string name;
  Location at;
};

bool IsDjango(const std::string& q) { return q == "django" || q.starts_with("django."); }

// Every django.* name a module reaches, where; and harness modules it imports.
void ReachedNames(const ParsedModule& module, const TaintCatalogue& catalogue,
                  std::vector<Use>& uses, std::vector<Use>& harness) {
  const std::string module_name = ModuleNameOf(module.file);
  const ImportTable imports = BuildImportTable(module.ast, module_name);
  std::set<std::string> model_classes;
  WalkNodes(module.ast, [&](const AstNode& node) {
    const auto type = NodeType(node);
    const Location at{module.file, NodeLine(node)};
    if (type == "Import") {
      for (const auto& alias : AstList(node, "names")) {
        const std::string name = AstString(alias, "name");
        if (IsDjango(name) && name != "django") uses.push_back({name, at});  // `import django` names no API
        if (catalogue.harness_modules.contains(name.substr(0, name.find('.')))) harness.push_back({name, at});
      }
    } else if (type == "ImportFrom") {
      const AstNode* level = AstField(node, "level");
      if (level != nullptr && level->is_number_integer() && level->get<long long>() != 0) return;
      const std::string base = AstString(node, "module");
      if (catalogue.harness_modules.contains(base.substr(0, base.find('.')))) harness.push_back({base, at});
      if (!IsDjango(base)) return;
      // The names imported are judged (with their module as a prefix), not the package they
      // come from: `from django import forms` uses django.forms, not "django".
      for (const auto& alias : AstList(node, "names")) {
        const std::string name = AstString(alias, "name");
        if (!name.empty() && name != "*") uses.push_back({base + "." + name, at});
      }
    } else if (type == "ClassDef") {
      for (const auto& b : AstList(node, "bases")) {
        const std::string q = QualifiedName(b, imports);
        if (IsDjango(q) && (q.ends_with("Model") || q.ends_with("User")))
          model_classes.insert(AstString(node, "name"));
      }
    } else if (type == "Attribute") {
      // Only the outermost attribute of a chain: its prefixes are judged with it.
      const std::string q = QualifiedName(node, imports);
      const std::string dotted = DottedName(node);
      if (!q.empty() && IsDjango(q)) {
        const std::string head = dotted.substr(0, dotted.find('.'));
        if (imports.contains(head)) uses.push_back({q, at});
      }
    }
  });
  // `_name` attributes of objects whose type is known.
  WalkNodes(module.ast, [&](const AstNode& node) {
    if (NodeType(node) != "Attribute") return;
    const std::string attr = AstString(node, "attr");
    if (!attr.starts_with('_') || attr.starts_with("__")) return;
    const AstNode* value = AstField(node, "value");
    if (value == nullptr) return;  // a tree that came out of the sandbox malformed
    const std::string dotted = DottedName(*value);
    std::string type;
    if (catalogue.request_names.contains(dotted) || dotted == "self.request") {
      type = catalogue.request_class;
    } else if (dotted.ends_with(".objects") || dotted.find(".objects.") != std::string::npos) {
      type = catalogue.queryset_class;
    } else if (model_classes.contains(dotted)) {
      type = catalogue.model_class;
    }
    if (!type.empty()) uses.push_back({type + "." + attr, {module.file, NodeLine(node)}});
  });
}

// Assignments to attributes of Django's or the harness's modules and classes.
void MonkeyPatches(const ParsedModule& module, const TaintCatalogue& catalogue, std::vector<Use>& out) {
  const ImportTable imports = BuildImportTable(module.ast, ModuleNameOf(module.file));
  const auto patched = [&](const AstNode& target) -> std::string {
    if (NodeType(target) != "Attribute") return "";
    const std::string dotted = DottedName(target);
    const std::string head = dotted.substr(0, dotted.find('.'));
    const auto found = imports.find(head);
    if (found == imports.end()) return "";
    const std::string q = QualifiedName(target, imports);
    const std::string root = found->second.substr(0, found->second.find('.'));
    return IsDjango(q) || catalogue.harness_modules.contains(root) ? q : "";
  };
  WalkNodes(module.ast, [&](const AstNode& node) {
    const auto type = NodeType(node);
    const Location at{module.file, NodeLine(node)};
    std::vector<const AstNode*> targets;
    if (type == "Assign" || type == "Delete") {
      for (const auto& t : AstList(node, "targets")) targets.push_back(&t);
    } else if (type == "AugAssign" || type == "AnnAssign") {
      if (const AstNode* t = AstField(node, "target")) targets.push_back(t);
    } else if (type == "Call") {
      const AstNode* func = AstField(node, "func");
      const std::string callee = func ? DottedName(*func) : "";
      const auto& args = AstList(node, "args");
      if ((callee == "setattr" || callee == "delattr") && !args.empty()) {
        const std::string q = QualifiedName(args[0], imports);
        const std::string head = q.substr(0, q.find('.'));
        if (IsDjango(q) || catalogue.harness_modules.contains(head)) {
          const std::string* attr = args.size() > 1 ? ConstantString(args[1]) : nullptr;
          out.push_back({q + "." + (attr ? *attr : std::string("?")), at});
        }
      }
    }
    for (const AstNode* t : targets) {
      const std::string q = patched(*t);
      if (!q.empty()) out.push_back({q, at});
    }
  });
}

}  // namespace

std::vector<Finding> PrivateApiRule::Check(const CheckContext& context) const {
  const CodeAnalysis* code = context.code;
  Finding finding = Passed(id());
  if (code == nullptr || !code->ran || code->inventories.empty()) {
    finding.outcome = Outcome::kSkip;
    const std::string reason = code == nullptr ? "the code was not analysed"
                               : !code->ran    ? code->not_run_reason
                                               : "no runtime's documentation inventory could be read";
    finding.evidence = {{"reason", reason}};
    finding.message = "not decided: " + reason;
    return {finding};
  }
  const TaintCatalogue& catalogue = DefaultTaintCatalogue();
  std::vector<Use> uses, harness, patches;
  for (const auto& module : code->modules) {
    if (module.ast.is_null()) continue;
    ReachedNames(module, catalogue, uses, harness);
    MonkeyPatches(module, catalogue, patches);
  }
  // Judge each distinct name once; a name under a private one is not listed again.
  std::map<std::string, std::vector<Location>> where;
  for (const auto& use : uses) where[use.name].push_back(use.at);
  std::vector<std::string> private_names;
  Json names = Json::array();
  // Private in every runtime's documentation; `why` from the first.
  const auto judge = [&](const std::string& name, std::string& why, std::string& alternative) {
    const auto resolved = code->names.contains(name) ? code->names[name] : nlohmann::json();
    for (const auto& inventory : code->inventories) {
      const NameJudgement judgement = JudgeName(name, resolved, code->names, inventory, catalogue);
      if (judgement.is_public) return false;
      if (why.empty()) why = judgement.why, alternative = NearestDocumented(name, inventory);
    }
    return true;
  };
  std::set<std::string> reported;
  for (const auto& [used, locations] : where) {
    std::string why, alternative;
    if (!judge(used, why, alternative)) continue;
    // Report the shortest private prefix: django.utils.archive, not django.utils.archive.extract.
    std::string name = used;
    for (auto dot = used.find('.'); dot != std::string::npos; dot = used.find('.', dot + 1)) {
      std::string prefix_why, prefix_alternative;
      if (judge(used.substr(0, dot), prefix_why, prefix_alternative)) {
        name = used.substr(0, dot), why = prefix_why, alternative = prefix_alternative;
        break;
      }
    }
    if (!reported.insert(name).second) {
      for (const auto& at : locations) finding.locations.push_back(at);
      continue;
    }
    private_names.push_back(name);
    Json entry = {{"name", name}, {"why", why}, {"file", locations.front().file},
                  {"line", locations.front().line}};
    entry["alternative"] = alternative.empty() ? Json(nullptr) : Json(alternative);
    names.push_back(entry);
    for (const auto& at : locations) finding.locations.push_back(at);
  }
  Json patched = Json::array();
  for (const auto& p : patches) {
    patched.push_back({{"name", p.name}, {"file", p.at.file}, {"line", p.at.line}});
    finding.locations.push_back(p.at);
  }
  Json harness_json = Json::array();
  for (const auto& h : harness) {
    harness_json.push_back({{"module", h.name}, {"file", h.at.file}, {"line", h.at.line}});
    finding.locations.push_back(h.at);
  }
  Json inventories = Json::array();
  for (const auto& inventory : code->inventories)
    inventories.push_back(inventory.runtime_id + " (" + inventory.version + ")");
  finding.evidence = {{"names_checked", where.size()}, {"inventories", inventories}};
  if (names.empty() && patched.empty() && harness_json.empty()) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence["private_names"] = names;
  finding.evidence["monkey_patches"] = patched;
  finding.evidence["harness_imports"] = harness_json;
  std::string message;
  if (!names.empty()) {
    const Json& first = names.front();
    message = "the PoC uses " + first["name"].get<std::string>() + " (" +
              first["file"].get<std::string>() + ":" + std::to_string(first["line"].get<int>()) +
              "), which no runtime's Django documents";
    if (!first["alternative"].is_null())
      message += "; the nearest documented route is " + first["alternative"].get<std::string>();
    if (names.size() > 1) message += "; and " + std::to_string(names.size() - 1) + " more undocumented names";
  }
  if (!patched.empty()) {
    message += std::string(message.empty() ? "the PoC " : "; it also ") + "assigns to " +
               patched.front()["name"].get<std::string>() + " (" + patched.front()["file"].get<std::string>() +
               ":" + std::to_string(patched.front()["line"].get<int>()) + "): patching Django is not production code";
  }
  if (!harness_json.empty())
    message += std::string(message.empty() ? "the PoC " : "; it also ") + "imports pocsift's harness module " +
               harness_json.front()["module"].get<std::string>();
  finding.message = message;
  return {finding};
}

}  // namespace pocsift
