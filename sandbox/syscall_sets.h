// The seccomp allow-list as data: named sets of system calls that CPython and Django need.
//
// Each set says why the run needs it. A rule allows a call unconditionally, or only when one
// of its argument conditions holds (then any other use is denied). Everything not listed is
// denied; seccomp_policy.h composes these sets with the deny default and its two exceptions.
// To change the policy, edit syscall_sets.cc and tests/sandbox/seccomp_policy_test.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace pocsift::sandbox {

// Allows the call when (args[index] & mask) == value.
struct ArgCondition {
  unsigned index = 0;
  std::uint64_t mask = ~std::uint64_t{0};
  std::uint64_t value = 0;
};

struct SyscallRule {
  SyscallRule(std::string_view syscall, std::vector<ArgCondition> when = {})  // NOLINT
      : name(syscall), allowed_when(std::move(when)) {}

  std::string_view name;                   // as libseccomp spells it for x86-64
  std::vector<ArgCondition> allowed_when;  // empty: always; else: when any one holds
};

struct SyscallSet {
  std::string_view name;
  std::string_view why;
  std::vector<SyscallRule> rules;
};

// The sandboxed interpreter is always PID 2 of its PID namespace: PID 1 is pocsift's init,
// which forks exactly one child (init.h). Signals may target only it.
inline constexpr std::uint64_t kPayloadPid = 2;

// Every set, in the order they are documented in docs/threat-model.md.
const std::vector<SyscallSet>& AllowedSyscallSets();

}  // namespace pocsift::sandbox
