// CodeAnalysis: what the static analysis run in the sandbox (fixtures/harness/analyze.py)
// answered about the PoC's code, plus each runtime's documentation inventory. Built by
// engine/code_analysis; read by the rules in checks/code/, checks/scope/ and checks/guidelines/.
//
// The trees are CPython's own `ast`, dumped as JSON: {"_t": "Call", "l": 12, <fields>}
// (see analyze.py). Everything here came out of the sandbox and is treated as untrusted
// input: walkers check every node's shape and never assume a field exists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/code/api_inventory.h"

namespace pocsift {

struct ParsedModule {
  std::string file;     // path inside the bundle, e.g. "pocapp/views.py"
  nlohmann::json ast;   // the Module node; null when the file did not parse
  // Set when the file did not parse: "syntax" (SyntaxError, RecursionError…) or "too-large".
  std::string error_kind;
  int error_line = 0;
  int error_offset = 0;
  std::string error_message;
};

struct LexedTemplate {
  std::string file;
  std::uint64_t bytes = 0;
  // Django's Lexer tokens: {"k": "var", "l": 3, "var": "x", "filters": ["safe"]} or
  // {"k": "block", "l": 1, "tag": "autoescape", "args": ["off"]}.
  nlohmann::json tokens = nlohmann::json::array();
};

struct CodeAnalysis {
  bool ran = false;
  std::string not_run_reason;  // why the code was not analysed, when ran is false
  std::string runtime_id;      // the runtime the analysis ran on
  std::string python_version;
  std::string django_version;
  std::vector<ParsedModule> modules;
  std::vector<LexedTemplate> templates;
  // django.* names the PoC reaches, resolved by that runtime's Django:
  // {"django.db.models.QuerySet": {"found": true, "kind": "class",
  //                                "aliases": ["django.db.models.query.QuerySet"]}}.
  nlohmann::json names = nlohmann::json::object();
  std::vector<ApiInventory> inventories;  // one per runtime whose objects.inv was readable
  std::vector<std::string> inventory_errors;
  double analysis_ms = 0;
};

}  // namespace pocsift
