// Running the sandbox's tests warm (issue 9): a fork server (sandbox/warm_client.h) per
// runtime, its own spool, bundles staged in it, and battery scripts run by the battery's
// harness script (harness/run.py) copied into each bundle as /pocsift/bundle/battery_run.py
// (the zygote runs a run's python_args[0] with runpy when it is not the real harness).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/result.h"
#include "sandbox/limits.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"
#include "sandbox/warm_client.h"
#include "tests/sandbox/runtime_cache.h"

namespace pocsift::sandbox::testing {

// What a warm run executes: the battery's harness script, copied into the bundle.
inline constexpr const char* kWarmBatteryScript = "/pocsift/bundle/battery_run.py";

// The host uid the warm tests' sandbox user maps to (the server's root inside is this + 1):
// distinct per test process and from the cold tests' TestHostUid() range; `which` (0 to 3)
// tells apart the servers of one test process.
std::uint32_t WarmHostUid(int which = 0);

// A private spool folder (mode 0711, like WarmPool's) for one server; removed on
// destruction. Bundles are staged directly inside it.
class Spool {
 public:
  Spool();
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  const std::filesystem::path& path() const { return path_; }

  // Stages bundle folder `name` (0755): battery_run.py plus `files` (name → content, 0644).
  // With `hostile`, also everything HostileBundle() holds (symlinks copied as symlinks, the
  // native library), so that the battery sees the same bundle warm as cold.
  std::filesystem::path Stage(const std::string& name,
                              const std::map<std::string, std::string>& files = {},
                              bool hostile = false);

 private:
  std::filesystem::path path_;
};

// pocsift's own harness (fixtures/harness: run.py, zygote.py, confine.py, warm_settings.py).
std::filesystem::path RealHarness();

// The server request the engine's pool would make (engine/warm_pool.cc ServerRequest): the
// runtime, the real harness (the zygote) and project, the spool as bundle, default limits.
SandboxRequest WarmServerRequest(const TestRuntime& runtime, const std::filesystem::path& spool,
                                 std::uint32_t host_uid = WarmHostUid());

// Starts a server; an error names why it did not start.
Result<std::unique_ptr<WarmServer>> StartWarmServer(const TestRuntime& runtime,
                                                    const std::filesystem::path& spool,
                                                    std::uint32_t host_uid = WarmHostUid());

// A warm run of battery code in `bundle` (a folder of the server's spool): a whole request,
// as the engine's pool passes it (the helper validates it as a cold run's).
SandboxRequest WarmRunRequest(const TestRuntime& runtime, const std::filesystem::path& bundle,
                              const std::string& code, const SandboxLimits& limits);

// The same code, cold (the battery's own request, with `project` bound like a warm run's).
SandboxRequest ColdRunRequest(const TestRuntime& runtime, const std::string& code,
                              std::uint32_t host_uid = WarmHostUid());

// The battery answer's "out" object, or null when the run answered none.
nlohmann::json OutOf(const SandboxResult& r);

// "pid (name) state" of each host process whose real uid is `uid`.
std::vector<std::string> HostProcessStatesOf(std::uint32_t uid);

// Polls (without a timing assertion) until no host process has real uid `uid`; the count
// left at the end (0 unless something outlived its run for ~10 s).
int WaitForNoProcessesOf(std::uint32_t uid);

// True (with the reason in `why`) when warm runs cannot be tested here: no runtimes cache, or
// not root (pocsift-sandbox --server needs it).
bool WarmRunsUnavailable(std::string& why);

}  // namespace pocsift::sandbox::testing
