// The payload: the sandbox's PID 2, which confines itself and becomes the interpreter.
//
// In order, each step failing closed (report on the control pipe, exit 127):
//   new session (no controlling terminal) → unprivileged sandbox user, no capabilities
//   (identity.h) → working directory /pocsift/work → default signal dispositions → rlimits
//   (rlimits.h) → PR_SET_NO_NEW_PRIVS → close every descriptor but 0, 1, 2 and the control
//   and notify channels → seccomp filter, as compiled by the supervisor (seccomp_policy.h)
//   → hand the listener to the
//   supervisor and close it → execve(/usr/bin/python3), which the supervisor lets through
//   as the one allowed exec.
#pragma once

#include "sandbox/child_plan.h"

namespace pocsift::sandbox {

[[noreturn]] void ExecInterpreter(const ChildPlan& plan);

// A fork server's payload (plan.server): new session → the namespace's root with its
// capabilities (identity.h) → /pocsift/work → default signals → rlimits except RLIMIT_CPU (the
// server lives across runs; each child sets its own) → PR_SET_NO_NEW_PRIVS → close every
// descriptor but 0-2 and the command socket (kNotifySocketFd, kept across the exec) →
// execve(/usr/bin/python3) without a seccomp filter: the server runs only pocsift's and
// Django's code, and each child installs the run's filter (docs/warm-runs.md).
[[noreturn]] void ExecServerInterpreter(const ChildPlan& plan);

}  // namespace pocsift::sandbox
