// Writes the `analysis` fuzz target's seeds: the real static analysis (engine/code_analysis:
// CPython's parser and Django's template Lexer, in the sandbox) of every example bundle, as
// the answer frames it gave, one JSON frame per line, into <seeds-dir>/analysis/<bundle>.
// Nothing of a bundle is parsed outside the sandbox. Without the runtimes cache it writes
// nothing and says so (the target then starts from its checked-in inputs).
//
// Usage: pocsift_analysis_seeds <seeds-dir> <fixtures-dir>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "engine/bundle.h"
#include "engine/code_analysis.h"
#include "engine/paths.h"
#include "engine/runtimes.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The frames analyze.py answered, rebuilt from what the engine kept of them.
std::string AsFrameLines(const pocsift::CodeAnalysis& code) {
  std::string out;
  const auto line = [&](const json& frame) { out += frame.dump() + "\n"; };
  for (const auto& module : code.modules) {
    if (!module.ast.is_null()) {
      line({{"type", "module"}, {"file", module.file}, {"ast", module.ast}});
    } else {
      line({{"type", "module"}, {"file", module.file},
            {"error", {{"kind", module.error_kind}, {"line", module.error_line},
                       {"offset", module.error_offset}, {"message", module.error_message}}}});
    }
  }
  for (const auto& tpl : code.templates)
    line({{"type", "template"}, {"file", tpl.file}, {"bytes", tpl.bytes}, {"tokens", tpl.tokens}});
  line({{"type", "names"}, {"names", code.names}});
  line({{"type", "done"}, {"python", code.python_version}, {"django", code.django_version}});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pocsift_analysis_seeds <seeds-dir> <fixtures-dir>\n";
    return 2;
  }
  const auto runtimes = pocsift::LoadRuntimes(pocsift::PocsiftHome(), pocsift::CacheRoot());
  if (!runtimes || runtimes->runtimes.empty()) {
    std::cout << "analysis seeds: none written (" << (runtimes ? "no runtime" : runtimes.error().message)
              << ")\n";
    return 0;
  }
  const fs::path out_dir = fs::path(argv[1]) / "analysis";
  fs::create_directories(out_dir);
  int written = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(argv[2]) / "bundles")) {
    if (!entry.is_directory()) continue;
    const auto bundle = pocsift::LoadBundle(entry.path());
    if (!bundle) continue;  // the hostile examples that the loader refuses
    const auto code = pocsift::AnalyzeCode(bundle.value(), runtimes->runtimes);
    if (!code.ran) continue;
    std::ofstream(out_dir / entry.path().filename(), std::ios::binary) << AsFrameLines(code);
    ++written;
  }
  std::cout << "analysis seeds: " << written << " files in " << out_dir.string() << "\n";
  return 0;
}
