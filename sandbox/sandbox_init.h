// The sandbox's init: PID 1 of its PID namespace.
//
// It waits for its id maps, builds the mounts (mounts.h), names the host, then forks the one
// process that becomes the interpreter (payload.h, always PID 2) and reaps until that one is
// gone. It reports the interpreter's wait status on the control pipe and exits; the kernel
// then kills everything left in the namespace (pid_namespaces(7)), so no process outlives a
// run. Killing init from outside (the deadline, or the helper dying: PR_SET_PDEATHSIG) tears
// down the whole tree the same way. From inside, init cannot be signalled: it installs no
// handlers, and the kernel drops such signals to a namespace's init.
#pragma once

#include "sandbox/child_plan.h"

namespace pocsift::sandbox {

// The descriptors the helper created, as numbered in the freshly cloned child.
struct ChildFds {
  int stdin_read;
  int stdout_write;
  int stderr_write;
  int control_write;
  int notify_socket;
  int sync_read;
  int filter_read;
};

// Never returns. On any set-up failure it reports "error …" on the control pipe and exits
// with status 126; it never continues with a partial sandbox.
[[noreturn]] void RunSandboxInit(const ChildPlan& plan, const ChildFds& fds);

}  // namespace pocsift::sandbox
