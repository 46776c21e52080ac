// Running one battery script in the sandbox, for containment_test and posture_test.
#pragma once

#include <filesystem>
#include <string>

#include "engine/result.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"
#include "tests/sandbox/battery.h"
#include "tests/sandbox/runtime_cache.h"

namespace pocsift::sandbox::testing {

// The host uid the test runs map to: distinct per test process, so that "no process of the
// sandbox user outlives the run" can be checked while other test processes run.
std::uint32_t TestHostUid();

// A request running harness/run.py on `code` in `runtime`, with the battery's bundle folder.
SandboxRequest ScriptRequest(const TestRuntime& runtime, const std::string& code);

// Host processes whose real uid is `uid`.
int HostProcessesOf(std::uint32_t uid);

// The bundle folder with links pointing outside (created once per process).
const std::filesystem::path& HostileBundle();

// A readable account of a result, for SCOPED_TRACE (`anomaly`: a warm server's).
std::string Describe(const SandboxResult& r, const std::string& anomaly = "");

// True when one of the names in "a|b|…" was denied at least once.
bool WasDenied(const SandboxResult& r, const std::string& alternatives);

// The evidence every battery case asserts, cold or warm: status, failure reason, denied
// calls, what the code observed ("out"), and the behaviour's own check.
void ExpectBehaviour(const Behaviour& behaviour, const SandboxResult& r);

}  // namespace pocsift::sandbox::testing
