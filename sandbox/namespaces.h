// Namespaces: the sandbox's init is created in new user, mount, PID, network, IPC, UTS and
// cgroup namespaces (namespaces(7)), and its user namespace is given its id maps from
// outside (user_namespaces(7): the maps of a new namespace are written by a process in the
// parent namespace; that is why the helper forks once and waits).
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "engine/result.h"

namespace pocsift::sandbox {

// fork(2) into the new namespaces: returns the child's host pid in the parent and 0 in the
// child, which is PID 1 of its PID namespace. The network namespace holds only a loopback
// interface, down. Fails (in the parent) naming clone(2) and errno.
Result<pid_t> ForkIntoNewNamespaces();

// Maps `inside_uid`/`inside_gid` of `child`'s user namespace to `host_uid`/`host_gid`.
// Privileged (root) writers may map any id and leave setgroups(2) allowed; unprivileged ones
// may only map their own ids and must deny setgroups first.
Status WriteIdMaps(pid_t child, std::uint32_t inside_uid, std::uint32_t inside_gid,
                   std::uint32_t host_uid, std::uint32_t host_gid, bool privileged);

// In the child: names the UTS namespace, so the host's name does not show inside.
Status SetSandboxHostname();

}  // namespace pocsift::sandbox
