// The supervisor: runs one SandboxRequest inside a new sandbox and watches it to the end.
//
// It is the helper process's whole job (helper_main.cc). From outside the sandbox it writes
// the id maps, feeds the input frame, reads stdout through a FrameDecoder and keeps the tail
// of stderr, answers seccomp notifications (notify_supervisor.h), enforces the wall-clock
// deadline and the output caps by killing the sandbox's init (which takes the whole PID
// namespace with it), and finally collects wait4() accounting for the tree.
//
// Preconditions: the calling process is single-threaded (it forks) and ignores SIGPIPE.
// Root on the host for the dedicated host uid; otherwise the sandbox user maps to the
// caller's own uid (still confined, but RLIMIT_NPROC then counts the caller's processes).
#pragma once

#include "engine/result.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {

// A failed, timed-out or hostile run is a SandboxResult; an Error means the sandbox could
// not be set up (kBadInput: the request; kUnavailable: the host, e.g. a missing mount
// point or no user namespaces; kInternal: the supervisor itself).
Result<SandboxResult> SuperviseRun(const SandboxRequest& request);

}  // namespace pocsift::sandbox
