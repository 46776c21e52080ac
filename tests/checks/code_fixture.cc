#include "tests/checks/code_fixture.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace pocsift::testing {
namespace {

std::string RunPython(const std::string& script) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("pocsift-ast-" + std::to_string(getpid()) + ".py");
  std::ofstream(file) << script;
  const std::string command = "python3 -I " + file.string();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run python3");
  std::string out;
  char buffer[65536];
  for (std::size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe.get())) > 0;) out.append(buffer, n);
  std::filesystem::remove(file);
  return out;
}

}  // namespace

CodeAnalysis ParseForTest(const std::map<std::string, std::string>& files) {
  nlohmann::json sources = nlohmann::json::object();
  for (const auto& [path, text] : files)
    if (path.ends_with(".py")) sources[path] = text;
  const std::string script =
      "import json, sys\n"
      "sys.path.insert(0, " + nlohmann::json(std::string(POCSIFT_SOURCE_DIR) + "/fixtures/harness").dump() + ")\n"
      "import ast, analyze\n"
      "out = {}\n"
      "for path, text in json.loads(" + nlohmann::json(sources.dump()).dump() + ").items():\n"
      "    try:\n"
      "        out[path] = {'ast': analyze.dump(ast.parse(text.encode()), 0, [])}\n"
      "    except SyntaxError as e:\n"
      "        out[path] = {'error': {'line': e.lineno or 0, 'message': e.msg}}\n"
      "print(json.dumps(out))\n";
  const auto parsed = nlohmann::json::parse(RunPython(script));
  CodeAnalysis code;
  code.ran = true;
  code.python_version = "host";
  for (const auto& [path, entry] : parsed.items()) {
    ParsedModule module;
    module.file = path;
    if (entry.contains("ast")) {
      module.ast = entry["ast"];
    } else {
      module.error_kind = "syntax";
      module.error_line = entry["error"]["line"].get<int>();
      module.error_message = entry["error"]["message"].get<std::string>();
    }
    code.modules.push_back(std::move(module));
  }
  return code;
}

ApiInventory InventoryOf(const std::string& runtime_id, std::initializer_list<std::string> names) {
  ApiInventory inventory;
  inventory.runtime_id = runtime_id;
  inventory.version = runtime_id;
  for (std::string name : names) {
    std::string role = "class";
    if (const auto open = name.find(" ("); open != std::string::npos) {
      role = name.substr(open + 2, name.size() - open - 3);
      name.resize(open);
    }
    inventory.AddPython(name, role);
  }
  return inventory;
}

}  // namespace pocsift::testing
