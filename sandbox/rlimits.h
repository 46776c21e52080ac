// Rlimits: the kernel-enforced bounds of SandboxLimits (setrlimit(2)).
#pragma once

#include "engine/result.h"
#include "sandbox/limits.h"

namespace pocsift::sandbox {

// Sets RLIMIT_CPU (soft = cpu_seconds, hard = one second more, so SIGXCPU comes first),
// RLIMIT_AS, RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_NOFILE, and RLIMIT_CORE = 0 (a crash must
// not write a core file into the tmpfs). Soft and hard are equal except for CPU, so the run
// cannot raise them. Call in the child before exec. cpu_seconds 0 leaves RLIMIT_CPU as it is
// (a fork server, whose children each set their own).
Status ApplyRlimits(const SandboxLimits& limits);

}  // namespace pocsift::sandbox
