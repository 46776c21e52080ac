#include "engine/code_analysis.h"

#include <chrono>
#include <map>
#include <mutex>

#include "engine/paths.h"
#include "engine/sphinx_inventory.h"
#include "engine/staged_bundle.h"
#include "sandbox/launcher.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

std::string StringOf(const Json& frame, const char* key) {
  const auto found = frame.find(key);
  return found != frame.end() && found->is_string() ? found->get<std::string>() : "";
}

int IntOf(const Json& frame, const char* key) {
  const auto found = frame.find(key);
  if (found == frame.end() || !found->is_number_integer()) return 0;
  const auto v = found->get<long long>();
  return v > 0 && v < (1 << 30) ? static_cast<int>(v) : 0;
}

sandbox::SandboxLimits AnalysisLimits() {
  sandbox::SandboxLimits limits;
  limits.cpu_seconds = 10;
  limits.wall_ms = 20'000;
  limits.max_frame_bytes = 4ull << 20;  // a large module's tree
  limits.max_output_bytes = 64ull << 20;
  limits.max_frames = 2048;
  return limits;
}

// Inventories are read once per process and path: a command that checks many bundles (or the
// service) parses each runtime's objects.inv once.
Result<ApiInventory> CachedInventory(const Runtime& runtime) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, Result<ApiInventory>> cache;
  const std::lock_guard lock(mutex);
  auto found = cache.find(runtime.objects_inv);
  if (found == cache.end()) found = cache.emplace(runtime.objects_inv, ReadSphinxInventory(runtime.objects_inv)).first;
  return found->second;
}

}  // namespace

void ReadAnalysisFrames(const std::vector<Json>& frames, CodeAnalysis& out) {
  bool done = false;
  for (const auto& frame : frames) {
    if (!frame.is_object()) continue;
    const std::string type = StringOf(frame, "type");
    if (type == "module") {
      ParsedModule module;
      module.file = StringOf(frame, "file");
      if (module.file.empty()) continue;
      const auto ast = frame.find("ast");
      const auto error = frame.find("error");
      if (ast != frame.end() && ast->is_object()) {
        module.ast = *ast;
      } else if (error != frame.end() && error->is_object()) {
        module.error_kind = StringOf(*error, "kind");
        module.error_line = IntOf(*error, "line");
        module.error_offset = IntOf(*error, "offset");
        module.error_message = StringOf(*error, "message");
        if (module.error_kind.empty()) module.error_kind = "syntax";
      } else {
        module.error_kind = "unreadable";
        module.error_message = "the analysis could not report this module";
      }
      out.modules.push_back(std::move(module));
    } else if (type == "template") {
      LexedTemplate tpl;
      tpl.file = StringOf(frame, "file");
      const auto tokens = frame.find("tokens");
      if (tokens != frame.end() && tokens->is_array()) tpl.tokens = *tokens;
      const auto bytes = frame.find("bytes");
      if (bytes != frame.end() && bytes->is_number_unsigned()) tpl.bytes = bytes->get<std::uint64_t>();
      if (!tpl.file.empty()) out.templates.push_back(std::move(tpl));
    } else if (type == "names") {
      const auto names = frame.find("names");
      if (names != frame.end() && names->is_object()) out.names = *names;
    } else if (type == "done") {
      done = true;
      out.python_version = StringOf(frame, "python");
      out.django_version = StringOf(frame, "django");
    }
  }
  out.ran = done;
  if (!done && out.not_run_reason.empty()) out.not_run_reason = "the analysis did not finish";
}

CodeAnalysis AnalyzeCode(const Bundle& bundle, const std::vector<Runtime>& runtimes) {
  const auto started = std::chrono::steady_clock::now();
  CodeAnalysis out;
  if (runtimes.empty()) {
    out.not_run_reason = "no Django runtime is installed to parse the code with";
    return out;
  }
  for (const auto& runtime : runtimes) {
    auto inventory = CachedInventory(runtime);
    if (!inventory) {
      out.inventory_errors.push_back(runtime.id + ": " + inventory.error().message);
      continue;
    }
    inventory.value().runtime_id = runtime.id;
    out.inventories.push_back(std::move(inventory).value());
  }
  const Runtime& runtime = runtimes.back();  // the newest: runtimes come in series order
  out.runtime_id = runtime.id;
  auto staged = StagedBundle::Stage(bundle.files);
  if (!staged) {
    out.not_run_reason = staged.error().message;
    return out;
  }
  sandbox::SandboxRequest request;
  request.rootfs = runtime.rootfs;
  request.django = runtime.path;
  request.harness = PocsiftHome() / "fixtures" / "harness";
  request.project = PocsiftHome() / "fixtures" / "project";
  request.bundle = staged.value().path();
  request.python_args = {"-I", "/pocsift/harness/analyze.py"};
  // The names this runtime documents: the harness resolves (imports) only the others.
  Json documented = Json::array();
  for (const auto& inventory : out.inventories)
    if (inventory.runtime_id == runtime.id)
      for (const auto& [name, role] : inventory.python) documented.push_back(name);
  request.input = {{"package", bundle.manifest.app ? bundle.manifest.app->package : ""},
                   {"documented", std::move(documented)}};
  request.limits = AnalysisLimits();
  auto result = sandbox::RunSandboxed(request);
  if (!result) {
    out.not_run_reason = "the sandbox could not start: " + result.error().message;
    return out;
  }
  ReadAnalysisFrames(result.value().frames, out);
  if (result.value().status != sandbox::RunStatus::kOk && !out.ran)
    out.not_run_reason = "the analysis run failed: " + result.value().failure_reason;
  out.analysis_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

void MergeUnsanitizedInput(std::vector<Finding>& findings) {
  Finding* static_side = nullptr;
  for (auto it = findings.begin(); it != findings.end();) {
    if (it->rule != "unsanitized-input") {
      ++it;
      continue;
    }
    const bool run_time = it->evidence.contains("oracle");  // engine/dynamic_assessment.cc
    if (!run_time) {
      static_side = &*it;
      ++it;
      continue;
    }
    if (static_side == nullptr) {
      ++it;
      continue;
    }
    static_side->evidence["confirmed_at_run_time"] = it->evidence;
    if (static_side->outcome != Outcome::kFail) {
      static_side->outcome = Outcome::kFail;
      static_side->message = it->message;
    } else {
      static_side->message += "; confirmed at run time: " + it->message;
    }
    it = findings.erase(it);
  }
}

}  // namespace pocsift
