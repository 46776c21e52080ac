#include "sandbox/sandbox_init.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

#include "sandbox/control_pipe.h"
#include "sandbox/mounts.h"
#include "sandbox/namespaces.h"
#include "sandbox/payload.h"

namespace pocsift::sandbox {
namespace {

constexpr int kSetupFailed = 126;

// Moves each descriptor to its fixed number (child_plan.h) and closes every other one. The
// sources are first copied above the targets so that no move clobbers a later source.
bool InstallFds(const ChildFds& fds) {
  const std::pair<int, int> moves[] = {{fds.stdin_read, STDIN_FILENO},
                                       {fds.stdout_write, STDOUT_FILENO},
                                       {fds.stderr_write, STDERR_FILENO},
                                       {fds.control_write, kControlFd},
                                       {fds.notify_socket, kNotifySocketFd},
                                       {fds.sync_read, kSyncFd},
                                       {fds.filter_read, kFilterFd}};
  constexpr int kCount = sizeof moves / sizeof moves[0];
  int high[kCount];
  for (int i = 0; i < kCount; ++i) {
    high[i] = ::fcntl(moves[i].first, F_DUPFD, 64);
    if (high[i] < 0) return false;
  }
  for (int i = 0; i < kCount; ++i) {
    if (::dup2(high[i], moves[i].second) < 0) return false;
  }
  return ::close_range(kFilterFd + 1, ~0u, 0) == 0;
}

[[noreturn]] void Fail(std::string_view what) {
  SendSetupError(kControlFd, what);
  ::_exit(kSetupFailed);
}

}  // namespace

void RunSandboxInit(const ChildPlan& plan, const ChildFds& fds) {
  // If the helper dies, init dies, and with it the namespace.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ::_exit(kSetupFailed);
  if (!InstallFds(fds)) ::_exit(kSetupFailed);
  // The helper writes one byte once the id maps are in place, or closes the pipe on failure.
  char go = 0;
  ssize_t n;
  while ((n = ::read(kSyncFd, &go, 1)) < 0 && errno == EINTR) {
  }
  if (n != 1) ::_exit(kSetupFailed);
  ::close(kSyncFd);
  // No process of the sandbox may read init's memory or /proc/1/{environ,mem,exe,root}.
  if (::prctl(PR_SET_DUMPABLE, 0) != 0) Fail("prctl(PR_SET_DUMPABLE, 0)");
  if (::setsid() < 0) Fail("setsid");
  if (Status s = BuildSandboxRoot(plan); !s) {
    SendSetupMessage(kControlFd, s.error().message);
    ::_exit(kSetupFailed);
  }
  if (Status s = SetSandboxHostname(); !s) {
    SendSetupMessage(kControlFd, s.error().message);
    ::_exit(kSetupFailed);
  }
  // Changing the fsuid (mounts.cc) cleared the parent-death signal (prctl(2)): set it again,
  // then make sure the helper did not die in between (its end of the control pipe would be
  // closed; getppid() is 0 for a namespace's init and cannot tell).
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) Fail("prctl(PR_SET_PDEATHSIG)");
  pollfd control = {kControlFd, 0, 0};
  if (::poll(&control, 1, 0) != 0 && (control.revents & (POLLERR | POLLHUP))) {
    ::_exit(kSetupFailed);
  }
  const pid_t payload = ::fork();
  if (payload < 0) Fail("fork(payload)");
  if (payload == 0) {
    if (plan.server) ExecServerInterpreter(plan);
    ExecInterpreter(plan);
  }
  // init keeps only the control pipe.
  ::close(STDIN_FILENO);
  ::close(STDOUT_FILENO);
  ::close(STDERR_FILENO);
  ::close(kNotifySocketFd);
  ::close(kFilterFd);
  for (;;) {
    int status = 0;
    const pid_t reaped = ::waitpid(-1, &status, 0);
    if (reaped == payload) {
      SendExitStatus(kControlFd, status);
      ::_exit(0);
    }
    if (reaped < 0 && errno != EINTR) Fail("waitpid");
  }
}

}  // namespace pocsift::sandbox
