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

}  // namespace pocsift::sandbox
