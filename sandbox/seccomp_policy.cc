#include "sandbox/seccomp_policy.h"

#include <errno.h>
#include <seccomp.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/syscall_sets.h"

namespace pocsift::sandbox {
namespace {

constexpr std::string_view kClone3 = "clone3";

const SyscallRule* FindRule(std::string_view name) {
  for (const SyscallSet& set : AllowedSyscallSets()) {
    for (const SyscallRule& rule : set.rules) {
      if (rule.name == name) return &rule;
    }
  }
  return nullptr;
}

struct ContextDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using Context = std::unique_ptr<void, ContextDeleter>;

Error LibseccompError(std::string_view call, int rc) {
  return Internal(std::string(call) + ": " + std::strerror(-rc));
}

}  // namespace

Verdict SeccompPolicy::Evaluate(const SyscallCall& call) const {
  if (call.name == kClone3) return Verdict::kNoSuchCall;
  const SyscallRule* rule = FindRule(call.name);
  if (rule == nullptr) return Verdict::kDenyAndReport;
  if (rule->allowed_when.empty()) return Verdict::kAllow;
  for (const ArgCondition& c : rule->allowed_when) {
    if ((call.args[c.index] & c.mask) == c.value) return Verdict::kAllow;
  }
  return Verdict::kDenyAndReport;
}

Result<UniqueFd> SeccompPolicy::Install() const {
  Context ctx(seccomp_init(SCMP_ACT_NOTIFY));
  if (!ctx) return Internal("seccomp_init(SCMP_ACT_NOTIFY) failed");
  // Foreign-ABI calls (i386 int 0x80, x32) go to the supervisor too, to be refused and named.
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY); rc < 0) {
    return LibseccompError("seccomp_attr_set(SCMP_FLTATR_ACT_BADARCH)", rc);
  }
  // A binary search over syscall numbers instead of a linear list: every allowed call of the
  // run pays for the filter, so its depth matters (seccomp_attr_set(3)).
  if (int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2); rc < 0) {
    return LibseccompError("seccomp_attr_set(SCMP_FLTATR_CTL_OPTIMIZE, 2)", rc);
  }
  for (const SyscallSet& set : AllowedSyscallSets()) {
    for (const SyscallRule& rule : set.rules) {
      const int nr = seccomp_syscall_resolve_name(std::string(rule.name).c_str());
      if (nr == __NR_SCMP_ERROR) {
        return Internal("seccomp policy: unknown syscall \"" + std::string(rule.name) + "\"");
      }
      if (rule.allowed_when.empty()) {
        if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, nr, 0); rc < 0) {
          return LibseccompError("seccomp_rule_add(" + std::string(rule.name) + ")", rc);
        }
        continue;
      }
      // One rule per alternative: libseccomp ORs rules of the same action and syscall.
      for (const ArgCondition& c : rule.allowed_when) {
        const scmp_arg_cmp cmp = {c.index, SCMP_CMP_MASKED_EQ, c.mask, c.value};
        if (int rc = seccomp_rule_add_array(ctx.get(), SCMP_ACT_ALLOW, nr, 1, &cmp); rc < 0) {
          return LibseccompError("seccomp_rule_add(" + std::string(rule.name) + ", arg)", rc);
        }
      }
    }
  }
  if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
      rc < 0) {
    return LibseccompError("seccomp_rule_add(clone3)", rc);
  }
  if (int rc = seccomp_load(ctx.get()); rc < 0) return LibseccompError("seccomp_load", rc);
  const int listener = seccomp_notify_fd(ctx.get());
  if (listener < 0) return LibseccompError("seccomp_notify_fd", listener);
  return UniqueFd(listener);
}

}  // namespace pocsift::sandbox
