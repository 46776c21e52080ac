// Policy evaluation (runs anywhere): what each named set allows, what the deny default
// refuses, and the argument conditions. The real filter is exercised by containment_test.
#include "sandbox/seccomp_policy.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <set>
#include <string>

#include "sandbox/syscall_sets.h"

namespace pocsift::sandbox {
namespace {

Verdict Of(std::string_view name, std::array<std::uint64_t, 6> args = {}) {
  return SeccompPolicy().Evaluate({name, args});
}

TEST(SyscallSets, EveryNameIsKnownToLibseccomp) {
  for (const SyscallSet& set : AllowedSyscallSets()) {
    for (const SyscallRule& rule : set.rules) {
      EXPECT_NE(seccomp_syscall_resolve_name(std::string(rule.name).c_str()), __NR_SCMP_ERROR)
          << set.name << ": " << rule.name;
    }
  }
}

TEST(SyscallSets, NoCallIsListedTwice) {
  std::set<std::string_view> seen;
  for (const SyscallSet& set : AllowedSyscallSets()) {
    EXPECT_FALSE(set.why.empty()) << set.name;
    for (const SyscallRule& rule : set.rules) {
      EXPECT_TRUE(seen.insert(rule.name).second) << rule.name << " again in " << set.name;
    }
  }
}

TEST(SyscallSets, EveryUnconditionalRuleIsAllowed) {
  for (const SyscallSet& set : AllowedSyscallSets()) {
    for (const SyscallRule& rule : set.rules) {
      if (rule.allowed_when.empty()) {
        EXPECT_EQ(Of(rule.name), Verdict::kAllow) << rule.name;
      }
    }
  }
}

// Issue 3's list: none of these may be allowed once PoC code can run.
class DeniedCall : public testing::TestWithParam<const char*> {};

TEST_P(DeniedCall, IsDeniedAndReported) { EXPECT_EQ(Of(GetParam()), Verdict::kDenyAndReport); }

INSTANTIATE_TEST_SUITE_P(
    Issue3, DeniedCall,
    testing::Values("execve", "execveat", "fork", "vfork", "ptrace", "mount", "umount2",
                    "pivot_root", "chroot", "unshare", "setns", "bpf", "keyctl", "add_key",
                    "request_key", "perf_event_open", "io_uring_setup", "io_uring_enter",
                    "io_uring_register", "userfaultfd", "kexec_load", "kexec_file_load",
                    "init_module", "finit_module", "delete_module", "process_vm_readv",
                    "process_vm_writev", "personality", "memfd_create", "setuid", "setgid",
                    "setresuid", "setgroups", "capset", "prctl", "seccomp", "mknod",
                    "chown", "fchown", "open_by_handle_at", "name_to_handle_at", "reboot",
                    "swapon", "sethostname", "settimeofday", "clock_settime", "acct",
                    "pidfd_open", "pidfd_getfd", "kcmp", "move_mount", "fsopen", "open_tree",
                    "iopl", "ioperm", "syslog", "quotactl", "lookup_dcookie", "vhangup"),
    [](const testing::TestParamInfo<const char*>& param) { return std::string(param.param); });

TEST(SeccompPolicy, Clone3AnswersEnosysUncounted) {
  EXPECT_EQ(Of("clone3"), Verdict::kNoSuchCall);
}

TEST(SeccompPolicy, CloneAllowsThreadsOnly) {
  constexpr std::uint64_t kPthread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                                     CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
                                     CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  EXPECT_EQ(Of("clone", {kPthread}), Verdict::kAllow);
  EXPECT_EQ(Of("clone", {SIGCHLD}), Verdict::kDenyAndReport);                 // fork
  EXPECT_EQ(Of("clone", {CLONE_VM | CLONE_VFORK | SIGCHLD}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("clone", {kPthread | CLONE_NEWUSER}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("clone", {kPthread | CLONE_NEWNS}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("clone", {kPthread | CLONE_NEWNET}), Verdict::kDenyAndReport);
}

TEST(SeccompPolicy, SocketsOnlyUnix) {
  EXPECT_EQ(Of("socket", {AF_UNIX, SOCK_STREAM}), Verdict::kAllow);
  EXPECT_EQ(Of("socketpair", {AF_UNIX, SOCK_STREAM}), Verdict::kAllow);
  for (std::uint64_t family : {AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_VSOCK}) {
    EXPECT_EQ(Of("socket", {family, SOCK_STREAM}), Verdict::kDenyAndReport) << family;
    EXPECT_EQ(Of("socketpair", {family, SOCK_STREAM}), Verdict::kDenyAndReport) << family;
  }
  // Only the low 32 bits are the family, as the kernel reads them.
  EXPECT_EQ(Of("socket", {(1ull << 32) | AF_UNIX}), Verdict::kAllow);
  EXPECT_EQ(Of("socket", {(1ull << 32) | AF_INET}), Verdict::kDenyAndReport);
}

TEST(SeccompPolicy, IoctlDeniesTiocstiAndUnknownRequests) {
  EXPECT_EQ(Of("ioctl", {0, TCGETS}), Verdict::kAllow);
  EXPECT_EQ(Of("ioctl", {0, FIONREAD}), Verdict::kAllow);
  EXPECT_EQ(Of("ioctl", {0, TIOCSTI}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("ioctl", {0, (1ull << 32) | TIOCSTI}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("ioctl", {0, TIOCLINUX}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("ioctl", {0, TIOCSCTTY}), Verdict::kDenyAndReport);
}

TEST(SeccompPolicy, SignalsOnlyToItself) {
  EXPECT_EQ(Of("kill", {kPayloadPid, 9}), Verdict::kAllow);
  EXPECT_EQ(Of("kill", {1, 9}), Verdict::kDenyAndReport);  // init
  EXPECT_EQ(Of("kill", {static_cast<std::uint64_t>(-1), 9}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("kill", {0, 9}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("tgkill", {kPayloadPid, 3, 10}), Verdict::kAllow);
  EXPECT_EQ(Of("tgkill", {1, 1, 9}), Verdict::kDenyAndReport);
  EXPECT_EQ(Of("tkill", {1, 9}), Verdict::kDenyAndReport);
}

TEST(SeccompPolicy, PrlimitOnlyOnItself) {
  EXPECT_EQ(Of("prlimit64", {0, 7, 0, 0}), Verdict::kAllow);
  EXPECT_EQ(Of("prlimit64", {1, 7, 0, 0}), Verdict::kDenyAndReport);
}

TEST(SeccompPolicy, UnknownNamesAreDenied) {
  EXPECT_EQ(Of("no_such_call"), Verdict::kDenyAndReport);
}

}  // namespace
}  // namespace pocsift::sandbox
