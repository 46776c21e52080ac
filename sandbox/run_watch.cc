#include "sandbox/run_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/channel.h"
#include "sandbox/control_pipe.h"
#include "sandbox/fd_passing.h"
#include "sandbox/notify_supervisor.h"

namespace pocsift::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

// After the tree is killed, how long to wait for its pipes to close before giving up.
constexpr std::chrono::milliseconds kDrainGrace{2000};

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::int64_t Millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Reads what is available from a non-blocking fd. Returns false at EOF or on error.
bool Drain(int fd, std::string& out) {
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() >= (1u << 20)) return true;  // let the caller process a bounded chunk
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
    return false;
  }
}

// Everything the loop tracks about one run.
class Watch {
 public:
  Watch(const nlohmann::json& input, RunChannels channels, RunTree& tree,
        const WatchOptions& options)
      : options_(options),
        limits_(options.limits),
        tree_(tree),
        input_(EncodeFrame(input)),
        decoder_({limits_.max_frame_bytes, limits_.max_output_bytes,
                  static_cast<std::uint64_t>(limits_.max_frames)}),
        stdin_(std::move(channels.stdin_write)),
        stdout_(std::move(channels.stdout_read)),
        stderr_(std::move(channels.stderr_read)),
        control_fd_(std::move(channels.control_read)),
        notify_socket_(std::move(channels.notify_socket)) {}

  SandboxResult Run();

 private:
  void Kill(std::string reason);
  void OnStdout();
  void OnStderr();
  void OnControl();
  void OnStdin();
  Status OnNotifySocket();
  void OnNotify(short revents);
  SandboxResult Compose(int top_status, const rusage& usage);

  const WatchOptions& options_;
  const SandboxLimits& limits_;
  RunTree& tree_;
  std::string input_;
  std::size_t input_written_ = 0;
  FrameDecoder decoder_;
  ControlReader control_;
  std::optional<NotifySupervisor> notify_;
  std::map<std::string, std::int64_t> denied_;  // kept when the listener is closed
  std::string stderr_tail_;
  std::uint64_t stderr_seen_ = 0;
  std::string kill_reason_;
  Status channel_;  // the first channel violation, if any
  bool timed_out_ = false;
  UniqueFd stdin_, stdout_, stderr_, control_fd_, notify_socket_;
};

void Watch::Kill(std::string reason) {
  if (kill_reason_.empty()) kill_reason_ = std::move(reason);
  tree_.Kill();
}

void Watch::OnStdout() {
  std::string chunk;
  const bool open = Drain(stdout_.get(), chunk);
  if (Status s = decoder_.Feed(chunk); !s) {
    channel_ = s;
    Kill(s.error().message);  // the answer is already unusable; stop the run now
    stdout_.reset();
    return;
  }
  if (!open) {
    channel_ = decoder_.Finish();
    stdout_.reset();
  }
}

void Watch::OnStderr() {
  std::string chunk;
  const bool open = Drain(stderr_.get(), chunk);
  stderr_seen_ += chunk.size();
  stderr_tail_ += chunk;
  const std::size_t cap = limits_.stderr_tail_bytes;
  if (stderr_tail_.size() > cap) stderr_tail_.erase(0, stderr_tail_.size() - cap);
  // Only the tail is kept, but a run streaming stderr would keep the supervisor busy until
  // the deadline: stderr has the same volume cap as the channel.
  if (stderr_seen_ > limits_.max_output_bytes) {
    Kill("stderr flood: more than " + std::to_string(limits_.max_output_bytes) + " bytes");
    stderr_.reset();
    return;
  }
  if (!open) stderr_.reset();
}

void Watch::OnControl() {
  std::string chunk;
  const bool open = Drain(control_fd_.get(), chunk);
  control_.Feed(chunk);
  if (!open) control_fd_.reset();
}

void Watch::OnStdin() {
  while (input_written_ < input_.size()) {
    const ssize_t n = ::write(stdin_.get(), input_.data() + input_written_,
                              input_.size() - input_written_);
    if (n > 0) {
      input_written_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    break;  // EPIPE: the run closed its stdin; it chose not to read the request.
  }
  stdin_.reset();  // all written (or refused): the run sees end of file
}

Status Watch::OnNotifySocket() {
  Result<UniqueFd> listener = ReceiveFd(notify_socket_.get());
  notify_socket_.reset();
  if (!listener) return listener.error();
  Result<NotifySupervisor> supervisor =
      NotifySupervisor::Create(std::move(listener).value(), options_.allow_first_exec);
  if (!supervisor) return supervisor.error();
  notify_.emplace(std::move(supervisor).value());
  return {};
}

void Watch::OnNotify(short revents) {
  if (revents & POLLIN) {
    if (Status s = notify_->HandleOne(); !s) Kill("supervisor: " + s.error().message);
    return;
  }
  // POLLHUP: no filtered task is left. Stop polling the listener (it would report POLLHUP
  // forever and spin this loop); keep the counts.
  denied_ = notify_->denied();
  notify_.reset();
}

SandboxResult Watch::Run() {
  for (int fd : {stdin_.get(), stdout_.get(), stderr_.get(), control_fd_.get()}) {
    SetNonBlocking(fd);
  }
  const Clock::time_point start = options_.start;
  const Clock::time_point deadline = start + std::chrono::milliseconds(limits_.wall_ms);
  std::optional<Clock::time_point> give_up;  // set once the tree is being killed
  bool tree_ended = false;
  Clock::time_point ended = start;
  while (!tree_ended || stdout_.valid() || stderr_.valid() || control_fd_.valid()) {
    const Clock::time_point now = Clock::now();
    if (!tree_ended && !timed_out_ && now >= deadline) {
      timed_out_ = true;
      Kill("wall-clock deadline of " + std::to_string(limits_.wall_ms) +
           " ms exceeded; the process tree was killed");
    }
    if (!kill_reason_.empty() && !give_up) give_up = now + kDrainGrace;
    if (give_up && now >= *give_up) break;
    const Clock::time_point wake = give_up ? *give_up : deadline;
    const int timeout = static_cast<int>(std::max<std::int64_t>(0, Millis(wake - now)) + 1);

    std::vector<pollfd> fds;
    auto watch = [&fds](const UniqueFd& fd, short events) {
      if (fd.valid()) fds.push_back({fd.get(), events, 0});
    };
    watch(stdout_, POLLIN);
    watch(stderr_, POLLIN);
    watch(control_fd_, POLLIN);
    watch(notify_socket_, POLLIN);
    if (notify_) fds.push_back({notify_->fd(), POLLIN, 0});
    watch(stdin_, POLLOUT);
    if (!tree_ended) fds.push_back({tree_.exit_fd(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
      Kill(std::string("supervisor: poll: ") + strerror(errno));
      continue;
    }
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == stdout_.get()) {
        OnStdout();
      } else if (p.fd == stderr_.get()) {
        OnStderr();
      } else if (p.fd == control_fd_.get()) {
        OnControl();
      } else if (p.fd == stdin_.get()) {
        OnStdin();
      } else if (p.fd == notify_socket_.get()) {
        if (Status s = OnNotifySocket(); !s) Kill("supervisor: " + s.error().message);
      } else if (notify_ && p.fd == notify_->fd()) {
        OnNotify(p.revents);
      } else if (!tree_ended && p.fd == tree_.exit_fd()) {
        if (tree_.OnExitReadable()) {
          tree_ended = true;
          ended = Clock::now();
        }
      }
    }
  }
  if (!tree_ended) {
    tree_.Kill();
    ended = Clock::now();
  }
  int status = 0;
  rusage usage = {};
  tree_.Reap(status, usage);
  SandboxResult result = Compose(status, usage);
  result.wall_ms = Millis(ended - start);
  return result;
}

SandboxResult Watch::Compose(int top_status, const rusage& usage) {
  SandboxResult r;
  r.cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
             (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
  r.max_rss_kb = usage.ru_maxrss;
  r.denied_syscalls = notify_ ? notify_->denied() : denied_;
  r.stderr_tail = std::move(stderr_tail_);
  const Status& channel = channel_;
  r.frames = decoder_.TakeFrames();

  const ControlReport& report = control_.report();
  if (std::optional<int> ws = report.wait_status) {
    if (WIFEXITED(*ws)) r.exit_code = WEXITSTATUS(*ws);
    if (WIFSIGNALED(*ws)) r.term_signal = WTERMSIG(*ws);
  } else if (WIFSIGNALED(top_status)) {
    r.term_signal = WTERMSIG(top_status);  // the tree was killed with its top process
  }

  std::vector<std::string> reasons;
  if (!report.setup_error.empty()) reasons.push_back("sandbox set-up failed: " + report.setup_error);
  if (!kill_reason_.empty()) reasons.push_back(kill_reason_);
  if (!timed_out_ && kill_reason_.empty()) {
    if (r.term_signal) {
      std::string why = "killed by " + SignalName(*r.term_signal);
      if (*r.term_signal == SIGXCPU ||
          (*r.term_signal == SIGKILL && r.cpu_ms >= limits_.cpu_seconds * 1000)) {
        why += " (CPU time limit of " + std::to_string(limits_.cpu_seconds) + " s exceeded)";
      } else if (*r.term_signal == SIGXFSZ) {
        why += " (file size limit of " + std::to_string(limits_.file_size_bytes) +
               " bytes exceeded)";
      }
      reasons.push_back(why);
    } else if (r.exit_code && *r.exit_code != 0) {
      std::string why = "exited with status " + std::to_string(*r.exit_code);
      if (r.stderr_tail.find("MemoryError") != std::string::npos) {
        why += " (MemoryError: address-space limit of " +
               std::to_string(limits_.address_space_bytes) + " bytes)";
      }
      reasons.push_back(why);
    } else if (!r.exit_code) {
      reasons.push_back("the sandbox ended without reporting the interpreter's exit status");
    }
    if (!channel) reasons.push_back(channel.error().message);
    if (reasons.empty() && r.frames.empty()) {
      reasons.push_back("no output frame: the run exited without answering");
    }
  }
  if (timed_out_) {
    r.status = RunStatus::kTimeout;
  } else {
    r.status = reasons.empty() ? RunStatus::kOk : RunStatus::kFailed;
  }
  for (const std::string& reason : reasons) {
    if (!r.failure_reason.empty()) r.failure_reason += "; ";
    r.failure_reason += reason;
  }
  return r;
}

}  // namespace

SandboxResult WatchRun(const nlohmann::json& input, RunChannels channels, RunTree& tree,
                       const WatchOptions& options) {
  Watch watch(input, std::move(channels), tree, options);
  return watch.Run();
}

}  // namespace pocsift::sandbox
