#include "sandbox/warm_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cstring>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/unique_fd.h"
#include "sandbox/channel.h"
#include "sandbox/child_plan.h"
#include "sandbox/control_pipe.h"
#include "sandbox/fd_passing.h"
#include "sandbox/namespaces.h"
#include "sandbox/pipes.h"
#include "sandbox/run_watch.h"
#include "sandbox/sandbox_init.h"
#include "sandbox/seccomp_policy.h"
#include "sandbox/server_message.h"
#include "sandbox/wire.h"

namespace pocsift::sandbox {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr std::uint64_t kMaxRequestBytes = 64ull << 20;
constexpr std::size_t kMaxServerMessage = 64 << 10;
// The server imports Django and migrates its template database before it is ready.
constexpr std::chrono::seconds kStartDeadline{60};
// After a kill, how long the server may take to report the child's end.
constexpr std::chrono::seconds kReapDeadline{5};

// A folder name inside the spool: no separators, no dot names, nothing to escape.
bool IsSpoolName(const std::string& name) {
  if (name.empty() || name.size() > 128 || name == "." || name == "..") return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

json LimitsForChild(const SandboxLimits& l) {
  return {{"cpu_seconds", l.cpu_seconds},         {"address_space_bytes", l.address_space_bytes},
          {"max_tasks", l.max_tasks},             {"file_size_bytes", l.file_size_bytes},
          {"open_files", l.open_files},           {"tmpfs_bytes", l.tmpfs_bytes},
          {"tmpfs_inodes", l.tmpfs_inodes}};
}

// The fork server: its sandbox's init (a child of this helper) and the command socket to
// the zygote inside.
class Server {
 public:
  Status Start(const SandboxRequest& request);
  // Runs one request; the answer frame for the engine.
  json Run(const SandboxRequest& request);
  bool alive() const { return alive_; }
  const json& ready() const { return ready_; }
  void Shutdown();

 private:
  friend class WarmTree;
  Result<ServerMessage> Await(Clock::time_point deadline, const char* what);
  void Die(const std::string& reason);
  std::string StderrTail();

  pid_t init_ = -1;
  UniqueFd init_pidfd_, command_, stderr_, control_;
  std::string spool_;
  std::string stderr_tail_;
  bool alive_ = false;
  std::string death_;
  std::uint64_t next_id_ = 1;
  std::uint32_t host_uid_ = 0, host_gid_ = 0;
  json ready_;
};

std::string Server::StderrTail() {
  char buf[4096];
  ssize_t n;
  while (stderr_.valid() && (n = ::read(stderr_.get(), buf, sizeof buf)) > 0) {
    stderr_tail_.append(buf, static_cast<std::size_t>(n));
    if (stderr_tail_.size() > 2048) stderr_tail_.erase(0, stderr_tail_.size() - 2048);
  }
  std::string tail = stderr_tail_;
  for (char& c : tail) {
    if (c == '\n') c = ' ';
  }
  return tail;
}

void Server::Die(const std::string& reason) {
  if (!alive_ && !death_.empty()) return;
  alive_ = false;
  death_ = reason;
  if (init_ > 0) {
    ::kill(init_, SIGKILL);
    ::waitpid(init_, nullptr, 0);
    init_ = -1;
  }
}

void Server::Shutdown() { Die("shut down"); }

// Waits for the zygote's next message, watching the server's init and its set-up reports.
Result<ServerMessage> Server::Await(Clock::time_point deadline, const char* what) {
  ControlReader control;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Internal(std::string("the fork server did not ") + what + " in time");
    pollfd fds[3] = {{command_.get(), POLLIN, 0}, {init_pidfd_.get(), POLLIN, 0},
                     {control_.valid() ? control_.get() : -1, POLLIN, 0}};
    if (::poll(fds, 3, static_cast<int>(left)) < 0 && errno != EINTR) {
      return Internal(std::string("poll: ") + strerror(errno));
    }
    if (fds[2].revents) {
      char buf[4096];
      const ssize_t n = ::read(control_.get(), buf, sizeof buf);
      if (n > 0) control.Feed(std::string_view(buf, static_cast<std::size_t>(n)));
      if (n <= 0) control_.reset();
      if (!control.report().setup_error.empty()) {
        return Unavailable("fork server set-up failed: " + control.report().setup_error);
      }
    }
    if (fds[0].revents) {
      Result<std::string> message = ReceiveMessage(command_.get(), kMaxServerMessage);
      if (!message) return message.error();
      if (message->empty()) {
        return Internal("the fork server closed its socket: " + StderrTail());
      }
      return ParseServerMessage(message.value());
    }
    if (fds[1].revents) return Internal("the fork server died: " + StderrTail());
  }
}

Status Server::Start(const SandboxRequest& request) {
  if (::geteuid() != 0) return Unavailable("a fork server needs the helper to run as root");
  Result<ChildPlan> made = MakeChildPlan(request, /*privileged=*/true);
  if (!made) return made.error();
  ChildPlan plan = std::move(made).value();
  plan.server = true;
  std::error_code ec;
  spool_ = std::filesystem::weakly_canonical(request.bundle, ec).string();
  host_uid_ = request.host_uid;
  host_gid_ = request.host_gid;
  auto in = MakePipe(), out = MakePipe(), err = MakePipe(), control = MakePipe(),
       sync = MakePipe(), filter = MakePipe();
  for (auto* p : {&in, &out, &err, &control, &sync, &filter}) {
    if (!*p) return p->error();
  }
  auto command = MakeSocketPair(SOCK_SEQPACKET);
  if (!command) return command.error();
  Result<pid_t> forked = ForkIntoNewNamespaces();
  if (!forked) return forked.error();
  if (forked.value() == 0) {
    RunSandboxInit(plan,
                   {in.value().read.get(), out.value().write.get(), err.value().write.get(),
                    control.value().write.get(), command.value().second.get(),
                    sync.value().read.get(), filter.value().read.get()});
  }
  init_ = forked.value();
  alive_ = true;
  command_ = std::move(command.value().first);
  stderr_ = std::move(err.value().read);
  control_ = std::move(control.value().read);
  ::fcntl(stderr_.get(), F_SETFL, O_NONBLOCK);
  init_pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, init_, 0)));
  // The zygote reads nothing on stdin and writes nothing on stdout: both ends close here.
  if (Status s = WriteIdMaps(init_, SandboxIdMaps(plan, host_uid_, host_gid_), true); !s) {
    Die(s.error().message);
    return Unavailable("fork server set-up failed: " + s.error().message);
  }
  if (::write(sync.value().write.get(), "1", 1) != 1 || !init_pidfd_.valid()) {
    Die("sync");
    return Internal(std::string("starting the fork server: ") + strerror(errno));
  }
  Result<SeccompProgram> program = SeccompPolicy().Compile();
  if (!program) {
    Die("seccomp");
    return program.error();
  }
  // The first message: the program's raw instructions (struct sock_filter, 8 bytes each).
  const std::string_view bytes(reinterpret_cast<const char*>(program->instructions.data()),
                               program->instructions.size() * sizeof(sock_filter));
  if (Status s = SendMessage(command_.get(), bytes); !s) {
    Die("send filter");
    return s;
  }
  Result<ServerMessage> ready = Await(Clock::now() + kStartDeadline, "become ready");
  if (!ready || ready->kind != ServerMessage::Kind::kReady) {
    const std::string why = !ready ? ready.error().message
                            : ready->kind == ServerMessage::Kind::kError
                                ? "the fork server failed: " + ready->error
                                : std::string("the fork server reported a run before it was ready");
    Die(why);
    return Unavailable(why);
  }
  ready_ = std::move(ready->ready);
  return {};
}

// A warm run's tree: the server's child for this run. The server reports its end (wait
// status and rusage from wait4) on the command socket and kills it on request; if the
// server itself dies, the child died with it (its PID namespace is inside the server's).
class WarmTree : public RunTree {
 public:
  WarmTree(Server& server, std::uint64_t id) : server_(server), id_(id) {}
  int exit_fd() const override { return server_.command_.get(); }
  bool OnExitReadable() override;
  void Kill() override;
  void Reap(int& wait_status, rusage& usage) override;
  const std::string& anomaly() const { return anomaly_; }

 private:
  bool Accept(const Result<ServerMessage>& message);

  Server& server_;
  std::uint64_t id_;
  bool ended_ = false;
  bool kill_sent_ = false;
  int wait_status_ = 0;
  rusage usage_ = {};
  std::string anomaly_;
};

// Takes the run's end from the server's message; anything else sets the anomaly.
bool WarmTree::Accept(const Result<ServerMessage>& message) {
  if (!message) {
    anomaly_ = message.error().message;
    return false;
  }
  if (message->kind != ServerMessage::Kind::kExited || message->exited.id != id_) {
    anomaly_ = message->kind == ServerMessage::Kind::kError
                   ? "the fork server failed: " + message->error
                   : "the fork server sent an unexpected message (not this run's end)";
    return false;
  }
  const ServerRunExit& exit = message->exited;
  wait_status_ = exit.wait_status;
  const auto micros = [](std::int64_t us) {
    return timeval{static_cast<time_t>(us / 1'000'000), static_cast<suseconds_t>(us % 1'000'000)};
  };
  usage_.ru_utime = micros(exit.utime_us);
  usage_.ru_stime = micros(exit.stime_us);
  usage_.ru_maxrss = static_cast<long>(exit.maxrss_kb);
  ended_ = true;
  return true;
}

bool WarmTree::OnExitReadable() {
  Result<std::string> message = ReceiveMessage(server_.command_.get(), kMaxServerMessage);
  if (!message || message->empty()) {
    anomaly_ = message ? "the fork server died during the run: " + server_.StderrTail()
                       : "the fork server's message: " + message.error().message;
    server_.Die(anomaly_);
    ended_ = true;
    wait_status_ = SIGKILL;  // the child died with the server's namespace
    return true;
  }
  if (!Accept(ParseServerMessage(message.value()))) {
    server_.Die(anomaly_);
    ended_ = true;
    wait_status_ = SIGKILL;
  }
  return ended_;
}

void WarmTree::Kill() {
  if (ended_ || kill_sent_) return;
  kill_sent_ = true;
  const json kill = {{"type", "kill"}, {"id", id_}};
  if (!SendMessage(server_.command_.get(), kill.dump())) server_.Die("cannot send kill");
}

void WarmTree::Reap(int& wait_status, rusage& usage) {
  if (!ended_ && server_.alive()) {
    if (!Accept(server_.Await(Clock::now() + kReapDeadline, "report the run's end"))) {
      server_.Die(anomaly_);
      wait_status_ = SIGKILL;
    }
  }
  wait_status = wait_status_;
  usage = usage_;
}

json Server::Run(const SandboxRequest& request) {
  std::error_code ec;
  const std::filesystem::path bundle = std::filesystem::weakly_canonical(request.bundle, ec);
  const std::string name = bundle.filename().string();
  if (bundle.parent_path() != std::filesystem::path(spool_) || !IsSpoolName(name)) {
    return {{"ok", false},
            {"error", ErrorToJson(BadInput("a warm run's bundle must be a folder directly in "
                                           "the server's spool " + spool_))}};
  }
  Result<ChildPlan> plan = MakeChildPlan(request, /*privileged=*/true);  // validates limits
  if (!plan) return {{"ok", false}, {"error", ErrorToJson(plan.error())}};
  auto in = MakePipe(), out = MakePipe(), err = MakePipe(), control = MakePipe();
  auto notify = MakeSocketPair(SOCK_STREAM);
  for (auto* p : {&in, &out, &err, &control}) {
    if (!*p) return {{"ok", false}, {"error", ErrorToJson(p->error())}};
  }
  if (!notify) return {{"ok", false}, {"error", ErrorToJson(notify.error())}};
  StderrTail();  // drains the server's own stderr, so that it never blocks on a full pipe
  const std::uint64_t id = next_id_++;
  const json command = {{"type", "run"},
                        {"id", id},
                        {"bundle", name},
                        {"argv", request.python_args},
                        {"limits", LimitsForChild(request.limits)}};
  const int fds[] = {in.value().read.get(), out.value().write.get(), err.value().write.get(),
                     control.value().write.get(), notify.value().second.get()};
  const Clock::time_point start = Clock::now();
  if (Status s = SendMessage(command_.get(), command.dump(), fds); !s) {
    Die("cannot send a run: " + s.error().message);
    return {{"ok", false}, {"error", ErrorToJson(Unavailable(death_))}};
  }
  in.value().read.reset();
  out.value().write.reset();
  err.value().write.reset();
  control.value().write.reset();
  notify.value().second.reset();
  WarmTree tree(*this, id);
  RunChannels channels{std::move(in.value().write), std::move(out.value().read),
                       std::move(err.value().read), std::move(control.value().read),
                       std::move(notify.value().first)};
  SandboxResult result = WatchRun(request.input, std::move(channels), tree,
                                  {.limits = plan->limits, .allow_first_exec = false,
                                   .start = start});
  json answer = {{"ok", true}, {"result", ResultToJson(result)}};
  std::string anomaly = tree.anomaly();
  if (anomaly.empty() && result.failure_reason.starts_with("sandbox set-up failed: ")) {
    anomaly = result.failure_reason;
  }
  if (!anomaly.empty()) answer["anomaly"] = anomaly;
  return answer;
}

bool Answer(int out_fd, const json& answer) {
  return static_cast<bool>(WriteAll(out_fd, EncodeFrame(answer)));
}

}  // namespace

int ServeWarm(int in_fd, int out_fd) {
  auto first = ReadFrame(in_fd, kMaxRequestBytes);
  if (!first || !first->is_object() || !first->contains("server")) {
    const json error = ErrorToJson(BadInput("expected a {\"server\": …} frame"));
    Answer(out_fd, json{{"ok", false}, {"error", error}});
    return 1;
  }
  auto request = RequestFromJson(first.value()["server"]);
  if (!request) {
    Answer(out_fd, json{{"ok", false}, {"error", ErrorToJson(request.error())}});
    return 1;
  }
  Server server;
  if (Status s = server.Start(request.value()); !s) {
    Answer(out_fd, json{{"ok", false}, {"error", ErrorToJson(s.error())}});
    return 0;
  }
  if (!Answer(out_fd, json{{"ok", true}, {"ready", server.ready()}})) return 1;
  while (server.alive()) {
    auto frame = ReadFrame(in_fd, kMaxRequestBytes);
    if (!frame) break;  // the engine closed: shut down
    json answer;
    if (!frame->is_object() || !frame->contains("run")) {
      answer = json{{"ok", false},
                    {"error", ErrorToJson(BadInput("expected a {\"run\": …} frame"))}};
    } else if (auto run = RequestFromJson(frame.value()["run"]); !run) {
      answer = json{{"ok", false}, {"error", ErrorToJson(run.error())}};
    } else {
      answer = server.Run(run.value());
    }
    if (!Answer(out_fd, answer)) break;
  }
  server.Shutdown();
  return 0;
}

}  // namespace pocsift::sandbox
