// The compiled filter enforced on a forked child, supervised by NotifySupervisor: Chromium's
// second tier, without namespaces, so it runs anywhere (no root, no runtime).
#include "sandbox/notify_supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/fd_passing.h"
#include "sandbox/seccomp_policy.h"

namespace pocsift::sandbox {
namespace {

struct Supervised {
  int wait_status = 0;
  std::map<std::string, std::int64_t> denied;
  bool exec_allowed = false;
};

// Runs `body` in a child under the policy; the child reports failures through its exit code.
template <class Body>
Supervised RunUnderPolicy(Body body) {
  Result<SeccompProgram> program = SeccompPolicy().Compile();
  EXPECT_TRUE(program) << program.error().message;
  int pair[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pair[0]);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(90);
    Result<UniqueFd> listener = LoadWithListener(program.value());
    if (!listener || !SendFd(pair[1], listener.value().get())) ::_exit(91);
    listener.value().reset();
    ::close(pair[1]);
    body();
    ::_exit(92);
  }
  ::close(pair[1]);
  Supervised out;
  Result<UniqueFd> listener = ReceiveFd(pair[0]);
  ::close(pair[0]);
  EXPECT_TRUE(listener);
  if (listener) {
    Result<NotifySupervisor> supervisor = NotifySupervisor::Create(std::move(listener).value());
    EXPECT_TRUE(supervisor);
    for (;;) {
      pollfd p = {supervisor->fd(), POLLIN, 0};
      if (::poll(&p, 1, -1) < 0) break;
      if (!(p.revents & POLLIN)) break;  // POLLHUP: the child is gone
      EXPECT_TRUE(supervisor.value().HandleOne());
    }
    out.denied = supervisor->denied();
    out.exec_allowed = supervisor->exec_allowed();
  }
  ::waitpid(child, &out.wait_status, 0);
  return out;
}

TEST(NotifySupervisor, AnswersEpermCountsByNameAndLetsTheFirstExecThrough) {
  Supervised run = RunUnderPolicy([] {
    if (::syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0) != -1 || errno != EPERM) ::_exit(80);
    if (::syscall(SYS_socket, AF_INET, SOCK_STREAM, 0) != -1 || errno != EPERM) ::_exit(81);
    if (::syscall(SYS_socket, AF_INET, SOCK_STREAM, 0) != -1 || errno != EPERM) ::_exit(82);
    if (::syscall(SYS_clone3, nullptr, 0) != -1 || errno != ENOSYS) ::_exit(83);
    char* argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"),
                    const_cast<char*>("exit 7"), nullptr};
    ::execve("/bin/sh", argv, nullptr);
    ::_exit(84);
  });
  ASSERT_TRUE(WIFEXITED(run.wait_status));
  EXPECT_EQ(WEXITSTATUS(run.wait_status), 7);  // the first execve went through
  EXPECT_TRUE(run.exec_allowed);
  EXPECT_EQ(run.denied["ptrace"], 1);
  EXPECT_EQ(run.denied["socket"], 2);
  EXPECT_EQ(run.denied.count("clone3"), 0u);  // answered in the filter, not evidence
}

TEST(NotifySupervisor, DeniesEveryExecAfterTheFirst) {
  Supervised run = RunUnderPolicy([] {
    char* argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"),
                    const_cast<char*>("exec /bin/true"), nullptr};
    ::dup2(::open("/dev/null", O_WRONLY), STDERR_FILENO);  // sh's complaint is expected
    ::execve("/bin/sh", argv, nullptr);
    ::_exit(84);
  });
  ASSERT_TRUE(WIFEXITED(run.wait_status));
  EXPECT_NE(WEXITSTATUS(run.wait_status), 0);  // sh could not exec /bin/true
  EXPECT_NE(WEXITSTATUS(run.wait_status), 84);
  EXPECT_GE(run.denied["execve"], 1);
}

TEST(DeniedCallName, NamesForeignAbis) {
  EXPECT_EQ(DeniedCallName(AUDIT_ARCH_X86_64, 101), "ptrace");
  EXPECT_EQ(DeniedCallName(AUDIT_ARCH_I386, 20), "i386:getpid");
  EXPECT_EQ(DeniedCallName(AUDIT_ARCH_X86_64, 0x40000000 | 39), "x32:getpid");
  EXPECT_EQ(DeniedCallName(AUDIT_ARCH_X86_64, 99999), "syscall_99999");
}

TEST(SeccompProgram, CompilesAndSurvivesThePipe) {
  Result<SeccompProgram> program = SeccompPolicy().Compile();
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_GT(program->instructions.size(), 10u);
  EXPECT_LE(program->instructions.size(), static_cast<std::size_t>(BPF_MAXINSNS));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_TRUE(WriteProgram(fds[1], program.value()));
  ::close(fds[1]);
  Result<SeccompProgram> copy = ReadProgram(fds[0]);
  ::close(fds[0]);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->instructions.size(), program->instructions.size());
}

TEST(SeccompProgram, ReadRejectsAPartialInstruction) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "12345", 5), 5);
  ::close(fds[1]);
  EXPECT_FALSE(ReadProgram(fds[0]));
  ::close(fds[0]);
}

}  // namespace
}  // namespace pocsift::sandbox
