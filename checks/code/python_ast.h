// Reading CPython `ast` trees dumped as JSON by fixtures/harness/analyze.py. The trees come
// out of the sandbox, so every accessor checks the node's shape and answers "nothing" rather
// than throwing; walks are iterative (the harness cuts trees at depth 120 anyway).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pocsift {

using AstNode = nlohmann::json;

// The node's class name ("Call", "Name", …), or "" when `node` is not a node.
std::string_view NodeType(const AstNode& node);
// 1-based line, or 0.
int NodeLine(const AstNode& node);
// A child field, or nullptr when `node` has no such field.
const AstNode* AstField(const AstNode& node, std::string_view name);
// A string field, or "".
std::string AstString(const AstNode& node, std::string_view name);
// The list field `name` (empty when absent or not a list).
const AstNode& AstList(const AstNode& node, std::string_view name);

// Visits `root` and every node below it, parents before children.
void WalkNodes(const AstNode& root, const std::function<void(const AstNode&)>& visit);

// "a.b.c" for Name/Attribute chains; "" for anything else.
std::string DottedName(const AstNode& expr);
// The string of a Constant node holding a string, or nullptr.
const std::string* ConstantString(const AstNode& node);

// Local name -> qualified name for one module's imports (every level, including inside
// functions). `import a.b` binds "a" -> "a"; `import a.b as c` binds "c" -> "a.b";
// `from a import b as c` binds "c" -> "a.b"; relative imports resolve against `module_name`
// ("pocapp.views": `from .models import Item` binds "Item" -> "pocapp.models.Item").
using ImportTable = std::map<std::string, std::string>;
ImportTable BuildImportTable(const AstNode& module, std::string_view module_name);

// The qualified name of a Name/Attribute chain, its first part mapped through `imports`
// ("models.Q" with models -> django.db.models gives "django.db.models.Q"); "" otherwise.
std::string QualifiedName(const AstNode& expr, const ImportTable& imports);

// "pocapp/views.py" -> "pocapp.views"; "pocapp/__init__.py" -> "pocapp".
std::string ModuleNameOf(std::string_view file);

}  // namespace pocsift
