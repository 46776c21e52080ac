// Namespaces: the sandbox's init is created in new user, mount, PID, network, IPC, UTS and
// cgroup namespaces (namespaces(7)), and its user namespace is given its id maps from
// outside (user_namespaces(7): the maps of a new namespace are written by a process in the
// parent namespace; that is why the helper forks once and waits).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "engine/result.h"

namespace pocsift::sandbox {

// fork(2) into the new namespaces: returns the child's host pid in the parent and 0 in the
// child, which is PID 1 of its PID namespace. The network namespace holds only a loopback
// interface, down. Fails (in the parent) naming clone(2) and errno.
Result<pid_t> ForkIntoNewNamespaces();

// One line of a uid_map or gid_map: `inside` in the namespace is `host` outside.
struct IdMapping {
  std::uint32_t inside;
  std::uint32_t host;
};

struct IdMaps {
  std::vector<IdMapping> uids;
  std::vector<IdMapping> gids;
};

// Writes `maps` into `child`'s user namespace. Privileged (root) writers may map any ids and
// leave setgroups(2) allowed; unprivileged ones may only map their own ids (one line) and
// must deny setgroups first.
Status WriteIdMaps(pid_t child, const IdMaps& maps, bool privileged);

// In the child: names the UTS namespace, so the host's name does not show inside.
Status SetSandboxHostname();

}  // namespace pocsift::sandbox
