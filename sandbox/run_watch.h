// RunWatch: the supervision of one started run, from outside the sandbox, whoever started it.
//
// A cold run's tree is the sandbox's init, forked by the helper (supervisor.cc); a warm run's
// tree is a child of a fork server (warm_server.h). Either way the watch does the same work:
// feeds the input frame on the run's stdin, decodes its stdout through a FrameDecoder, keeps
// the tail of stderr, reads set-up errors and the interpreter's exit status from the control
// channel, answers seccomp notifications (notify_supervisor.h) once the run hands over its
// listener, enforces the wall-clock deadline and the output caps by killing the tree, and
// composes the SandboxResult with its failure_reason.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/unique_fd.h"
#include "sandbox/limits.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {

// How the watch learns that the tree ended, kills it, and collects its accounting.
class RunTree {
 public:
  virtual ~RunTree() = default;
  // A descriptor that becomes readable when the tree may have ended.
  virtual int exit_fd() const = 0;
  // Called when exit_fd() is readable; true once the tree has ended.
  virtual bool OnExitReadable() = 0;
  // Kills the whole tree (idempotent).
  virtual void Kill() = 0;
  // Blocks until the tree is gone; its top process's wait status and the tree's usage.
  virtual void Reap(int& wait_status, rusage& usage) = 0;
};

// The supervisor's ends of a run's channels.
struct RunChannels {
  UniqueFd stdin_write;
  UniqueFd stdout_read;
  UniqueFd stderr_read;
  UniqueFd control_read;   // "error …" / "exit <status>" lines (control_pipe.h)
  UniqueFd notify_socket;  // the run sends its seccomp listener here, once
};

struct WatchOptions {
  SandboxLimits limits;
  // Cold runs: the first execve is the interpreter's own and is let through. Warm runs never
  // exec: every execve is denied and counted.
  bool allow_first_exec = true;
  // Where the wall-clock deadline and wall_ms count from.
  std::chrono::steady_clock::time_point start;
};

SandboxResult WatchRun(const nlohmann::json& input, RunChannels channels, RunTree& tree,
                       const WatchOptions& options);

}  // namespace pocsift::sandbox
