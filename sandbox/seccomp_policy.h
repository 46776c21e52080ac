// SeccompPolicy: what the sandboxed interpreter may ask of the kernel, decided per call.
//
// Composed from the named allow-sets of syscall_sets.h with a deny default. A denied call is
// not killed: the filter routes it to the supervisor by seccomp user notification
// (seccomp_unotify(2)), which answers EPERM and counts it by name as evidence (see
// notify_supervisor.h). The exceptions to "allow-set or deny", each with its reason:
//   * clone3 answers ENOSYS at once, uncounted: glibc's pthread_create tries clone3 first and
//     falls back to clone(2), whose flags the filter can inspect (clone3's are behind a
//     pointer). So every thread start would otherwise look like evidence.
//   * execve is denied like any other call; the supervisor lets exactly the first one through
//     (the interpreter's own exec, before any PoC code exists) and denies every later one.
//   * calls of another ABI (i386 via int 0x80, x32) are routed to the supervisor the same way
//     and reported as "i386:<name>" / "x32:<name>".
//
// The policy object is stateless and cheap to copy; Evaluate() is what the BPF program
// computes, for tests that run anywhere; Compile() turns it into the BPF program that
// LoadWithListener() installs.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <linux/filter.h>

#include "engine/result.h"
#include "engine/unique_fd.h"

namespace pocsift::sandbox {

enum class Verdict {
  kAllow,
  kDenyAndReport,  // to the supervisor: EPERM and counted (execve: the first one continues)
  kNoSuchCall,     // ENOSYS in the filter, not counted
};

struct SyscallCall {
  std::string_view name;
  std::array<std::uint64_t, 6> args{};
};

// A compiled filter: the classic BPF instructions seccomp(2) takes.
struct SeccompProgram {
  std::vector<sock_filter> instructions;
};

class SeccompPolicy {
 public:
  // What the filter decides for a native x86-64 call.
  Verdict Evaluate(const SyscallCall& call) const;

  // Compiles the policy with libseccomp into a classic BPF program. No effect on the caller;
  // the helper compiles while the sandbox's init builds its mounts.
  Result<SeccompProgram> Compile() const;
};

// Loads `program` on the calling thread with SECCOMP_FILTER_FLAG_NEW_LISTENER and returns the
// notification listener, which the caller must hand to the supervisor and close before
// running untrusted code. Precondition: no_new_privs is set. Fails naming seccomp(2) and
// errno (e.g. a kernel without user notification).
Result<UniqueFd> LoadWithListener(const SeccompProgram& program);

// Moves a program between processes over a pipe: the writer writes the instructions and
// closes its end; the reader reads to end of file and checks the size is whole instructions,
// at most BPF_MAXINSNS.
Status WriteProgram(int fd, const SeccompProgram& program);
Result<SeccompProgram> ReadProgram(int fd);

}  // namespace pocsift::sandbox
