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
// computes, for tests that run anywhere; Install() compiles and loads it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

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

class SeccompPolicy {
 public:
  // What the filter decides for a native x86-64 call.
  Verdict Evaluate(const SyscallCall& call) const;

  // Compiles the policy with libseccomp and loads it on the calling thread, with
  // SECCOMP_FILTER_FLAG_NEW_LISTENER. Precondition: no_new_privs is set (or CAP_SYS_ADMIN).
  // Returns the notification listener, which the caller must hand to the supervisor and
  // close before running untrusted code. Fails, naming the libseccomp call, if the kernel
  // or libseccomp lacks user notification.
  Result<UniqueFd> Install() const;
};

}  // namespace pocsift::sandbox
