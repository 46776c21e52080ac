// Mounts: the sandbox's file system view, built in its own mount namespace (mount(2),
// pivot_root(2)).
//
//   /                  the runtime's root file system, read-only, nosuid, nodev
//   /pocsift/{django,harness,project,bundle}   read-only binds of the request's folders
//                      (project and bundle also noexec: they are data)
//   /pocsift/work      tmpfs, size- and inode-capped, owned by the sandbox user: the only
//                      writable place; /tmp is bound to /pocsift/work/tmp, so one cap holds
//   /dev               read-only tmpfs with null, zero, full, random, urandom bound from
//                      the host, and the fd/stdin/stdout/stderr links
//   /proc              a new procfs of the sandbox's PID namespace
// No host path is reachable afterwards: the old root is detached after pivot_root.
#pragma once

#include "engine/result.h"
#include "sandbox/child_plan.h"

namespace pocsift::sandbox {

// Builds the view above and makes it the calling process's root and working directory.
// Preconditions: called in the new mount namespace, with CAP_SYS_ADMIN in its user namespace;
// every mount point exists in the root file system. Fails naming the mount call and errno.
Status BuildSandboxRoot(const ChildPlan& plan);

}  // namespace pocsift::sandbox
