#include "checks/code/python_ast.h"

#include <vector>

namespace pocsift {

std::string_view NodeType(const AstNode& node) {
  if (!node.is_object()) return {};
  const auto found = node.find("_t");
  if (found == node.end() || !found->is_string()) return {};
  return found->get_ref<const std::string&>();
}

int NodeLine(const AstNode& node) {
  if (!node.is_object()) return 0;
  const auto found = node.find("l");
  if (found == node.end() || !found->is_number_integer()) return 0;
  const auto line = found->get<long long>();
  return line > 0 && line < (1 << 30) ? static_cast<int>(line) : 0;
}

const AstNode* AstField(const AstNode& node, std::string_view name) {
  if (!node.is_object()) return nullptr;
  const auto found = node.find(name);
  return found == node.end() ? nullptr : &*found;
}

std::string AstString(const AstNode& node, std::string_view name) {
  const AstNode* field = AstField(node, name);
  return field != nullptr && field->is_string() ? field->get<std::string>() : std::string();
}

const AstNode& AstList(const AstNode& node, std::string_view name) {
  static const AstNode kEmpty = AstNode::array();
  const AstNode* field = AstField(node, name);
  return field != nullptr && field->is_array() ? *field : kEmpty;
}

void WalkNodes(const AstNode& root, const std::function<void(const AstNode&)>& visit) {
  std::vector<const AstNode*> stack{&root};
  while (!stack.empty()) {
    const AstNode* node = stack.back();
    stack.pop_back();
    if (node->is_array()) {
      for (auto it = node->rbegin(); it != node->rend(); ++it) stack.push_back(&*it);
      continue;
    }
    if (NodeType(*node).empty()) continue;
    visit(*node);
    std::vector<const AstNode*> children;
    for (const auto& [key, value] : node->items())
      if (value.is_object() || value.is_array()) children.push_back(&value);
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
  }
}

std::string DottedName(const AstNode& expr) {
  std::vector<std::string> parts;
  const AstNode* node = &expr;
  while (NodeType(*node) == "Attribute") {
    parts.push_back(AstString(*node, "attr"));
    const AstNode* value = AstField(*node, "value");
    if (value == nullptr) return "";
    node = value;
  }
  if (NodeType(*node) != "Name") return "";
  std::string name = AstString(*node, "id");
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) name += "." + *it;
  return name;
}

const std::string* ConstantString(const AstNode& node) {
  if (NodeType(node) != "Constant") return nullptr;
  const AstNode* value = AstField(node, "value");
  return value != nullptr && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

ImportTable BuildImportTable(const AstNode& module, std::string_view module_name) {
  ImportTable table;
  WalkNodes(module, [&](const AstNode& node) {
    const std::string_view type = NodeType(node);
    if (type == "Import") {
      for (const auto& alias : AstList(node, "names")) {
        const std::string name = AstString(alias, "name");
        const std::string asname = AstString(alias, "asname");
        if (name.empty()) continue;
        if (!asname.empty()) {
          table[asname] = name;
        } else {
          const std::string head = name.substr(0, name.find('.'));
          table[head] = head;
        }
      }
    } else if (type == "ImportFrom") {
      std::string base = AstString(node, "module");
      const AstNode* level = AstField(node, "level");
      const long long up = level != nullptr && level->is_number_integer() ? level->get<long long>() : 0;
      if (up > 0) {
        std::string package(module_name);
        for (long long i = 0; i < up && !package.empty(); ++i) {
          const auto dot = package.rfind('.');
          package = dot == std::string::npos ? "" : package.substr(0, dot);
        }
        base = base.empty() ? package : (package.empty() ? base : package + "." + base);
      }
      for (const auto& alias : AstList(node, "names")) {
        const std::string name = AstString(alias, "name");
        const std::string asname = AstString(alias, "asname");
        if (name.empty() || name == "*") continue;
        table[asname.empty() ? name : asname] = base.empty() ? name : base + "." + name;
      }
    }
  });
  return table;
}

std::string QualifiedName(const AstNode& expr, const ImportTable& imports) {
  const std::string dotted = DottedName(expr);
  if (dotted.empty()) return "";
  const auto dot = dotted.find('.');
  const std::string head = dotted.substr(0, dot);
  const auto found = imports.find(head);
  if (found == imports.end()) return dotted;
  return dot == std::string::npos ? found->second : found->second + dotted.substr(dot);
}

std::string ModuleNameOf(std::string_view file) {
  std::string name(file);
  if (name.ends_with(".py")) name.resize(name.size() - 3);
  if (name.ends_with("/__init__")) name.resize(name.size() - 9);
  for (char& c : name)
    if (c == '/') c = '.';
  return name;
}

}  // namespace pocsift
