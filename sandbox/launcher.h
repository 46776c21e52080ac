// The launcher: how the engine runs untrusted code. One call, one sandbox, one result.
//
//   SandboxRequest request{.rootfs = …, .django = …, .harness = …,
//                          .python_args = {"/pocsift/harness/run.py"}, .input = poc};
//   Result<SandboxResult> run = RunSandboxed(request);
//   if (!run) …  // the sandbox could not be set up: run.error() says why
//   else if (run->status != RunStatus::kOk) …  // the run failed: run->failure_reason
//
// RunSandboxed starts the pocsift-sandbox helper with Boost.Process, with an empty
// environment (the helper keeps no descriptor but its three pipes), sends the request, and
// waits for the answer until the run's wall-clock deadline plus a grace period; a helper
// that overstays is killed, which kills the sandbox with it (PR_SET_PDEATHSIG chain).
//
// Blocking; safe to call from several threads at once (each call has its own helper). The
// calling thread must stay alive until it returns (the helper's parent-death signal is tied
// to it). Needs root on the host for the dedicated sandbox uid (see supervisor.h).
#pragma once

#include <filesystem>

#include "engine/result.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {

Result<SandboxResult> RunSandboxed(const SandboxRequest& request);

// Where the helper is: $POCSIFT_SANDBOX_HELPER if set, else pocsift-sandbox next to the
// running executable, else the one this build produced. kUnavailable if none exists.
Result<std::filesystem::path> LocateHelper();

}  // namespace pocsift::sandbox
