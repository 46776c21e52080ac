// SandboxRequest: what one sandboxed run of the Python interpreter is given.
//
// Paths are host paths. Each folder is bound read-only at a fixed place inside the sandbox;
// an empty path leaves that (empty) mount point of the root file system as it is. Folders
// must be readable by "other": inside, the run is an unprivileged user that owns nothing of
// the host (see docs/threat-model.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sandbox/limits.h"

namespace pocsift::sandbox {

// Where things appear inside the sandbox.
inline constexpr const char* kInterpreter = "/usr/bin/python3";
inline constexpr const char* kDjangoMount = "/pocsift/django";
inline constexpr const char* kHarnessMount = "/pocsift/harness";
inline constexpr const char* kProjectMount = "/pocsift/project";
inline constexpr const char* kBundleMount = "/pocsift/bundle";
inline constexpr const char* kWorkMount = "/pocsift/work";

struct SandboxRequest {
  // A runtime's root file system (runtimes.lock.json "rootfs"); mounted read-only as "/".
  std::filesystem::path rootfs;
  // Bound read-only at kDjangoMount, kHarnessMount, kProjectMount, kBundleMount.
  std::filesystem::path django;
  std::filesystem::path harness;
  std::filesystem::path project;
  std::filesystem::path bundle;
  // Arguments after the interpreter: the run executes
  //   /usr/bin/python3 -B -S <python_args...>
  // (-B: the root is read-only, write no bytecode; -S: no site-packages, only PYTHONPATH).
  std::vector<std::string> python_args;
  // Extra environment. Only DJANGO_SETTINGS_MODULE and names starting with POCSIFT_ are
  // accepted; everything else the run sees is fixed (see environment.h).
  std::map<std::string, std::string> env;
  // Written to the run's stdin as one frame (channel.h), then stdin is closed.
  nlohmann::json input = nlohmann::json::object();
  SandboxLimits limits;
  // The host uid/gid the sandbox's user maps to when the helper runs as root. A dedicated
  // id that owns no host files, so RLIMIT_NPROC applies and nothing of the host is writable.
  std::uint32_t host_uid = 60000;
  std::uint32_t host_gid = 60000;
};

}  // namespace pocsift::sandbox
