// ChildPlan: everything the sandbox's processes need after fork, prepared before it.
//
// The helper builds one ChildPlan from a SandboxRequest (supervisor.cc); init.cc and
// payload.cc read it in the child. Preparing strings and vectors before fork keeps the
// child's work to system calls. The fixed descriptor numbers below are the only ones the
// child keeps besides stdin/stdout/stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/result.h"
#include "sandbox/limits.h"
#include "sandbox/namespaces.h"
#include "sandbox/request.h"

namespace pocsift::sandbox {

inline constexpr int kControlFd = 3;       // child → supervisor: setup errors, exit status
inline constexpr int kNotifySocketFd = 4;  // payload → supervisor: the seccomp listener
inline constexpr int kSyncFd = 5;          // supervisor → init: "id maps are written"
inline constexpr int kFilterFd = 6;        // supervisor → payload: the compiled seccomp program

// The sandbox's user inside its user namespace; mapped to the request's host uid/gid.
inline constexpr std::uint32_t kSandboxUid = 1000;
inline constexpr std::uint32_t kSandboxGid = 1000;

struct BindMount {
  std::string source;   // canonical host path of a directory
  std::string target;   // absolute path inside the sandbox
  bool noexec = false;  // for folders that hold data, never code to map
};

struct ChildPlan {
  std::string rootfs;              // canonical host path
  std::vector<BindMount> binds;    // read-only
  SandboxLimits limits;
  std::vector<std::string> argv;   // argv[0] is the interpreter's path inside
  std::vector<std::string> envp;   // "NAME=value"
  bool privileged = true;          // the helper is root on the host (id maps, setgroups)
  // A fork server (warm_server.h) instead of one run: the payload becomes the namespace's
  // root, keeps its capabilities in the sandbox's user namespace (to build each child's
  // namespaces and mounts) and installs no seccomp filter (each child installs the run's);
  // it keeps its command socket (kNotifySocketFd) across the exec. Needs `privileged`.
  bool server = false;
};

// The id maps of a sandbox's user namespace: the sandbox user kSandboxUid/Gid is host_uid/gid;
// a fork server's root (uid 0 inside) is host_uid + 1 / host_gid + 1, another id that owns
// nothing on the host.
IdMaps SandboxIdMaps(const ChildPlan& plan, std::uint32_t host_uid, std::uint32_t host_gid);


// Validates `request` and prepares the plan: every folder must exist and be a directory
// (symlinks are resolved here, by the trusted side, so the child binds what was checked);
// the environment must pass BuildEnvironment; limits must be positive; the host uid/gid
// must not be 0 (the sandbox user would be the host's root). kBadInput otherwise.
Result<ChildPlan> MakeChildPlan(const SandboxRequest& request, bool privileged);

}  // namespace pocsift::sandbox
