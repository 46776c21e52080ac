#include "sandbox/seccomp_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

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

Result<SeccompProgram> SeccompPolicy::Compile() const {
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
  // libseccomp 2.5 exports only to a descriptor: a memfd, read back from the start.
  UniqueFd buffer(::memfd_create("pocsift-seccomp", MFD_CLOEXEC));
  if (!buffer.valid()) return Internal(std::string("memfd_create: ") + std::strerror(errno));
  if (int rc = seccomp_export_bpf(ctx.get(), buffer.get()); rc < 0) {
    return LibseccompError("seccomp_export_bpf", rc);
  }
  if (::lseek(buffer.get(), 0, SEEK_SET) != 0) {
    return Internal(std::string("lseek(memfd): ") + std::strerror(errno));
  }
  return ReadProgram(buffer.get());
}

Status WriteProgram(int fd, const SeccompProgram& program) {
  const auto* data = reinterpret_cast<const char*>(program.instructions.data());
  std::size_t left = program.instructions.size() * sizeof(sock_filter);
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal(std::string("write(seccomp program): ") + std::strerror(errno));
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

Result<SeccompProgram> ReadProgram(int fd) {
  constexpr std::size_t kMaxBytes = BPF_MAXINSNS * sizeof(sock_filter);
  std::string bytes;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Internal(std::string("read(seccomp program): ") + std::strerror(errno));
    if (n == 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxBytes) break;
  }
  if (bytes.empty() || bytes.size() % sizeof(sock_filter) != 0 || bytes.size() > kMaxBytes) {
    return Internal("seccomp program of " + std::to_string(bytes.size()) +
                    " bytes is not a whole BPF program");
  }
  SeccompProgram program;
  program.instructions.resize(bytes.size() / sizeof(sock_filter));
  std::memcpy(program.instructions.data(), bytes.data(), bytes.size());
  return program;
}

Result<UniqueFd> LoadWithListener(const SeccompProgram& program) {
  sock_fprog prog = {static_cast<unsigned short>(program.instructions.size()),
                     const_cast<sock_filter*>(program.instructions.data())};
  const long listener =
      ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  if (listener < 0) {
    return Unavailable(std::string("seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER): ") +
                       std::strerror(errno));
  }
  return UniqueFd(static_cast<int>(listener));
}

}  // namespace pocsift::sandbox
