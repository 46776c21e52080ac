#include "sandbox/supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/unique_fd.h"
#include "sandbox/child_plan.h"
#include "sandbox/namespaces.h"
#include "sandbox/pipes.h"
#include "sandbox/run_watch.h"
#include "sandbox/sandbox_init.h"
#include "sandbox/seccomp_policy.h"

namespace pocsift::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

// A cold run's tree: the sandbox's init, a child of this process. Killing init kills the
// whole PID namespace; wait4 gives the tree's accounting.
class ColdTree : public RunTree {
 public:
  ColdTree(pid_t init, UniqueFd pidfd) : init_(init), pidfd_(std::move(pidfd)) {}
  int exit_fd() const override { return pidfd_.get(); }
  bool OnExitReadable() override { return true; }
  void Kill() override { ::kill(init_, SIGKILL); }
  void Reap(int& wait_status, rusage& usage) override {
    while (::wait4(init_, &wait_status, 0, &usage) < 0 && errno == EINTR) {
    }
  }

 private:
  pid_t init_;
  UniqueFd pidfd_;
};

void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

Result<SandboxResult> Execute(const ChildPlan& plan, const nlohmann::json& input,
                              std::uint32_t host_uid, std::uint32_t host_gid) {
  auto in = MakePipe();
  auto out = MakePipe();
  auto err = MakePipe();
  auto control = MakePipe();
  auto sync = MakePipe();
  auto filter = MakePipe();
  for (auto* p : {&in, &out, &err, &control, &sync, &filter}) {
    if (!*p) return p->error();
  }
  auto notify = MakeSocketPair(SOCK_STREAM);
  if (!notify) return notify.error();
  UniqueFd notify_parent = std::move(notify.value().first);
  UniqueFd notify_child = std::move(notify.value().second);

  const Clock::time_point start = Clock::now();
  Result<pid_t> forked = ForkIntoNewNamespaces();
  if (!forked) return forked.error();
  if (forked.value() == 0) {
    RunSandboxInit(plan, {in.value().read.get(), out.value().write.get(), err.value().write.get(),
                          control.value().write.get(), notify_child.get(), sync.value().read.get(),
                          filter.value().read.get()});
  }
  const pid_t init = forked.value();
  in.value().read.reset();
  out.value().write.reset();
  err.value().write.reset();
  control.value().write.reset();
  sync.value().read.reset();
  filter.value().read.reset();
  notify_child.reset();
  if (Status s = WriteIdMaps(init, SandboxIdMaps(plan, host_uid, host_gid), plan.privileged); !s) {
    KillAndReap(init);
    return Unavailable("sandbox set-up failed: " + s.error().message);
  }
  if (::write(sync.value().write.get(), "1", 1) != 1) {
    KillAndReap(init);
    return Internal(std::string("write(sync): ") + strerror(errno));
  }
  sync.value().write.reset();
  // Compiled now, on the helper's CPU, while init builds the mounts on another.
  Result<SeccompProgram> program = SeccompPolicy().Compile();
  if (!program || !WriteProgram(filter.value().write.get(), program.value())) {
    KillAndReap(init);
    return Internal("compiling the seccomp policy: " +
                    (program ? std::string("cannot send it") : program.error().message));
  }
  filter.value().write.reset();

  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, init, 0)));
  if (!pidfd.valid()) {
    KillAndReap(init);
    return Internal(std::string("pidfd_open: ") + strerror(errno));
  }
  ColdTree tree(init, std::move(pidfd));
  RunChannels channels{std::move(in.value().write), std::move(out.value().read),
                       std::move(err.value().read), std::move(control.value().read),
                       std::move(notify_parent)};
  return WatchRun(input, std::move(channels), tree,
                  {.limits = plan.limits, .allow_first_exec = true, .start = start});
}

}  // namespace

Result<SandboxResult> SuperviseRun(const SandboxRequest& request) {
  const bool privileged = ::geteuid() == 0;
  Result<ChildPlan> plan = MakeChildPlan(request, privileged);
  if (!plan) return plan.error();
  Result<SandboxResult> result =
      privileged ? Execute(plan.value(), request.input, request.host_uid, request.host_gid)
                 : Execute(plan.value(), request.input, ::getuid(), ::getgid());
  if (!result) return result;
  // A set-up failure is the host's problem, not the run's: report it as an Error.
  if (result->failure_reason.starts_with("sandbox set-up failed: ")) {
    return Unavailable(result->failure_reason);
  }
  return result;
}

}  // namespace pocsift::sandbox
