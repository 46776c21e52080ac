// Test support for the code rules: CPython's own `ast` on the host (python3 -I, with the
// harness's own dump function from fixtures/harness/analyze.py), so tables of rule cases can be
// written as Python source. No Django and no sandbox: names stay unresolved, templates are
// given as token lists.
#pragma once

#include <map>
#include <string>

#include "checks/code/code_analysis.h"

namespace pocsift::testing {

// Parses every "<path>.py" in `files` (paths inside the bundle) into a CodeAnalysis that ran.
CodeAnalysis ParseForTest(const std::map<std::string, std::string>& files);

// An inventory with the given py: names (role from a trailing "(role)"; "class" by default).
ApiInventory InventoryOf(const std::string& runtime_id, std::initializer_list<std::string> names);

}  // namespace pocsift::testing
