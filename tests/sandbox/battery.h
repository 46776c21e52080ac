// The containment battery (issue 3): hostile behaviours, each a real run of python3 in the
// sandbox, and what the run's result must say about it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sandbox/limits.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox::testing {

struct Behaviour {
  std::string name;
  // Python run by harness/run.py, with `out` (a dict answered in the frame), errno_of() and
  // syscall_errno(). Indentation is removed.
  std::string code;
  RunStatus status = RunStatus::kOk;
  // Each entry must have been denied and counted; "a|b" accepts either name.
  std::vector<std::string> denied;
  // A part of failure_reason; empty means failure_reason must be empty.
  std::string reason;
  // out[key] must equal the value (only checked when the run answered).
  nlohmann::json out = nlohmann::json::object();
  // Changes to the battery's default limits.
  std::function<void(SandboxLimits&)> limits;
  // Further checks of the whole result.
  std::function<void(const SandboxResult&)> check;
};

// The battery's default limits: small, so that every bomb hits its bound quickly.
SandboxLimits BatteryLimits();
const std::vector<Behaviour>& Battery();

}  // namespace pocsift::sandbox::testing
