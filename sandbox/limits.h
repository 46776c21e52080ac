// SandboxLimits: every bound a sandboxed run is held to, with the defaults pocsift uses.
//
// The kernel enforces the rlimits (setrlimit(2)) and the tmpfs size; the supervisor enforces
// the wall-clock deadline and the output caps. A run that hits a bound is a failed (or
// timed-out) run with a failure_reason naming the bound, never a hang of the engine.
#pragma once

#include <cstdint>

namespace pocsift::sandbox {

struct SandboxLimits {
  // RLIMIT_CPU, seconds of CPU time. The kernel sends SIGXCPU at this soft limit and
  // SIGKILL one second later (the hard limit).
  int cpu_seconds = 10;
  // RLIMIT_AS, bytes of virtual address space. CPython raises MemoryError past it.
  std::uint64_t address_space_bytes = 1024ull << 20;
  // RLIMIT_NPROC: tasks of the sandbox's user. fork is denied by seccomp, so this bounds
  // threads (a thread bomb). Counted per user namespace, so runs do not share it.
  int max_tasks = 64;
  // RLIMIT_FSIZE, bytes: the largest file the run may write (SIGXFSZ/EFBIG past it).
  std::uint64_t file_size_bytes = 16ull << 20;
  // RLIMIT_NOFILE: open file descriptors.
  int open_files = 256;
  // The one writable place: a tmpfs at /pocsift/work (with /tmp inside it). ENOSPC past it.
  std::uint64_t tmpfs_bytes = 32ull << 20;
  std::uint64_t tmpfs_inodes = 4096;
  // Wall-clock deadline, from the sandbox's creation; then the whole PID namespace is killed.
  int wall_ms = 30'000;
  // Output channel caps (see channel.h). Past any of them the run is killed and failed.
  // max_output_bytes also caps what the run may write on stderr.
  std::uint64_t max_frame_bytes = 1ull << 20;
  std::uint64_t max_output_bytes = 8ull << 20;
  int max_frames = 1024;
  // How much of the end of the run's stderr is kept in the result.
  std::uint64_t stderr_tail_bytes = 16ull << 10;
};

}  // namespace pocsift::sandbox
