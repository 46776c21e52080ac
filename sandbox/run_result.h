// SandboxResult: what the supervisor observed of one run, from outside the sandbox.
//
// Everything here except `frames` and `stderr_tail` comes from the kernel or the supervisor
// (wait4 rusage, seccomp notifications, the deadline), so the run cannot forge it. `frames`
// are what the run wrote on its stdout, decoded defensively: evidence that can lie.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pocsift::sandbox {

enum class RunStatus {
  kOk,       // exited 0 and wrote at least one well-formed frame, within every bound
  kFailed,   // anything else; failure_reason says what
  kTimeout,  // the wall-clock deadline passed; the whole process tree was killed
};

const char* RunStatusName(RunStatus status);  // "ok", "failed", "timeout"

struct SandboxResult {
  RunStatus status = RunStatus::kFailed;
  std::optional<int> exit_code;    // set when the interpreter exited
  std::optional<int> term_signal;  // set when it was killed by a signal
  std::int64_t cpu_ms = 0;         // user + system CPU of the whole tree
  std::int64_t wall_ms = 0;        // from namespace creation to the tree's end
  std::int64_t max_rss_kb = 0;     // peak resident set of the largest process
  // Calls the seccomp policy refused, by name ("ptrace", "socket", "i386:mount", …), and how
  // often. Counted by the supervisor as each one happened.
  std::map<std::string, std::int64_t> denied_syscalls;
  std::vector<nlohmann::json> frames;  // decoded output frames, in order
  std::string stderr_tail;             // the last SandboxLimits::stderr_tail_bytes of stderr
  std::string failure_reason;          // empty when status is kOk
};

}  // namespace pocsift::sandbox
