#include "sandbox/payload.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "sandbox/control_pipe.h"
#include "sandbox/fd_passing.h"
#include "sandbox/identity.h"
#include "sandbox/request.h"
#include "sandbox/rlimits.h"
#include "sandbox/seccomp_policy.h"
#include "sandbox/syscall_sets.h"

namespace pocsift::sandbox {
namespace {

constexpr int kExecFailed = 127;

[[noreturn]] void Fail(std::string_view what) {
  SendSetupError(kControlFd, what);
  ::_exit(kExecFailed);
}

[[noreturn]] void Fail(const Status& status) {
  SendSetupMessage(kControlFd, status.error().message);
  ::_exit(kExecFailed);
}

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void ResetSignals() {
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);  // EINVAL for KILL/STOP: fine
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

// Both payloads' first steps, up to and including no_new_privs: PID 2, the control pipe
// closed at exec, a new session, `become` (the run's user or the server's root), the work
// folder, default signals, `limits`.
template <class Become>
void Prepare(const SandboxLimits& limits, Become become) {
  if (static_cast<std::uint64_t>(::getpid()) != kPayloadPid) {
    SendSetupMessage(kControlFd, "payload is not PID 2 of its namespace");
    ::_exit(kExecFailed);
  }
  if (::fcntl(kControlFd, F_SETFD, FD_CLOEXEC) != 0) Fail("fcntl(control, FD_CLOEXEC)");
  if (::setsid() < 0) Fail("setsid");
  if (Status s = become(); !s) Fail(s);
  if (::chdir(kWorkMount) != 0) Fail("chdir(/pocsift/work)");
  ::umask(022);
  ResetSignals();
  if (Status s = ApplyRlimits(limits); !s) Fail(s);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) Fail("prctl(PR_SET_NO_NEW_PRIVS)");
}

}  // namespace

void ExecInterpreter(const ChildPlan& plan) {
  Prepare(plan.limits,
          [&] { return BecomeSandboxUser(kSandboxUid, kSandboxGid, plan.privileged); });
  std::vector<char*> argv = Pointers(plan.argv);
  std::vector<char*> envp = Pointers(plan.envp);
  // Compiled by the supervisor while init built the mounts (supervisor.cc).
  Result<SeccompProgram> program = ReadProgram(kFilterFd);
  if (!program) {
    SendSetupMessage(kControlFd, program.error().message);
    ::_exit(kExecFailed);
  }
  if (::close_range(kNotifySocketFd + 1, ~0u, 0) != 0) Fail("close_range");
  Result<UniqueFd> listener = LoadWithListener(program.value());
  if (!listener) {
    SendSetupMessage(kControlFd, listener.error().message);
    ::_exit(kExecFailed);
  }
  if (Status s = SendFd(kNotifySocketFd, listener.value().get()); !s) Fail(s);
  // The listener must not stay inside: with it, the run could answer its own notifications.
  // close_range also covers any descriptor libseccomp kept for itself.
  listener.value().release();
  if (::close_range(kNotifySocketFd, ~0u, 0) != 0) Fail("close_range(listener)");
  ::execve(argv[0], argv.data(), envp.data());
  Fail("execve(/usr/bin/python3)");
}

void ExecServerInterpreter(const ChildPlan& plan) {
  SandboxLimits limits = plan.limits;
  limits.cpu_seconds = 0;  // ApplyRlimits leaves RLIMIT_CPU alone at 0 (see rlimits.h)
  Prepare(limits, [] { return BecomeServerRoot(); });
  std::vector<char*> argv = Pointers(plan.argv);
  std::vector<char*> envp = Pointers(plan.envp);
  if (::close_range(kNotifySocketFd + 1, ~0u, 0) != 0) Fail("close_range");
  if (::fcntl(kNotifySocketFd, F_SETFD, 0) != 0) Fail("fcntl(command socket, 0)");
  ::execve(argv[0], argv.data(), envp.data());
  Fail("execve(/usr/bin/python3)");
}

}  // namespace pocsift::sandbox
