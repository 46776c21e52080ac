#include "sandbox/launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <system_error>

#include "engine/unique_fd.h"
#include "sandbox/channel.h"
#include "sandbox/wire.h"

namespace pocsift::sandbox {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

// Beyond the run's own deadline: set-up, teardown and accounting.
constexpr std::chrono::milliseconds kHelperGrace{10'000};
// The answer holds at most the run's frames plus bounded extras.
constexpr std::uint64_t kAnswerOverhead = 4ull << 20;

std::string Tail(std::string s, std::size_t n) {
  if (s.size() > n) s.erase(0, s.size() - n);
  return s;
}

}  // namespace

Result<std::filesystem::path> LocateHelper() {
  std::error_code ec;
  if (const char* env = std::getenv("POCSIFT_SANDBOX_HELPER"); env && *env) {
    if (std::filesystem::is_regular_file(env, ec)) return std::filesystem::path(env);
    return Unavailable(std::string("POCSIFT_SANDBOX_HELPER=") + env + ": no such file");
  }
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = self.parent_path() / "pocsift-sandbox";
    if (std::filesystem::is_regular_file(beside, ec)) return beside;
  }
  if (std::filesystem::is_regular_file(POCSIFT_SANDBOX_HELPER_BUILD_PATH, ec)) {
    return std::filesystem::path(POCSIFT_SANDBOX_HELPER_BUILD_PATH);
  }
  return Unavailable("pocsift-sandbox helper not found (set POCSIFT_SANDBOX_HELPER)");
}

Result<SandboxResult> RunSandboxed(const SandboxRequest& request) {
  auto helper = LocateHelper();
  if (!helper) return helper.error();
  const std::string frame = EncodeFrame(RequestToJson(request));

  UniqueFd to_helper, from_helper, helper_stderr;
  std::error_code spawn_error;
  bp::child child;
  try {
    bp::pipe in, out, err;
    // No bp::limit_handles: in Boost 1.74 it also closes the pipes it is given. The helper
    // closes every descriptor above 2 itself, first thing (helper_main.cc).
    child = bp::child(helper.value().string(), bp::std_in < in, bp::std_out > out,
                      bp::std_err > err, bp::environment(),
                      spawn_error);
    to_helper.reset(in.native_sink());
    in.assign_sink(-1);
    from_helper.reset(out.native_source());
    out.assign_source(-1);
    helper_stderr.reset(err.native_source());
    err.assign_source(-1);
  } catch (const std::exception& e) {
    return Unavailable(std::string("starting pocsift-sandbox: ") + e.what());
  }
  if (spawn_error) {
    return Unavailable("starting " + helper.value().string() + ": " + spawn_error.message());
  }
  for (int fd : {to_helper.get(), from_helper.get(), helper_stderr.get()}) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }

  const Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(request.limits.wall_ms) + kHelperGrace;
  FrameDecoder answer({.max_frame_bytes = request.limits.max_output_bytes + kAnswerOverhead,
                       .max_total_bytes = request.limits.max_output_bytes + kAnswerOverhead + 4,
                       .max_frames = 1});
  std::string errors;
  std::size_t written = 0;
  bool answered = false, out_open = true, err_open = true;
  while (out_open || err_open) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    pollfd fds[3];
    nfds_t n = 0;
    if (to_helper.valid()) fds[n++] = {to_helper.get(), POLLOUT, 0};
    if (out_open) fds[n++] = {from_helper.get(), POLLIN, 0};
    if (err_open) fds[n++] = {helper_stderr.get(), POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (::poll(fds, n, static_cast<int>(left.count()) + 1) < 0 && errno != EINTR) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == to_helper.get()) {
        const ssize_t w = ::write(to_helper.get(), frame.data() + written, frame.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == frame.size()) {
          to_helper.reset();
        }
        continue;
      }
      char buf[1 << 16];
      const ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      const bool is_out = fds[i].fd == from_helper.get();
      if (r <= 0) {
        (is_out ? out_open : err_open) = false;
        continue;
      }
      if (is_out) {
        if (!answer.Feed(std::string_view(buf, static_cast<std::size_t>(r)))) out_open = false;
        answered = !answer.frames().empty();
      } else {
        errors = Tail(errors + std::string(buf, static_cast<std::size_t>(r)), 4096);
      }
    }
  }
  std::error_code wait_error;
  if (out_open || err_open) {
    child.terminate(wait_error);  // SIGKILL; the sandbox follows by parent-death signal
    return Internal("pocsift-sandbox did not finish within the deadline plus " +
                    std::to_string(kHelperGrace.count()) + " ms; killed");
  }
  child.wait(wait_error);
  if (!answered) {
    return Internal("pocsift-sandbox gave no answer (exit " +
                    std::to_string(child.exit_code()) + "): " + Tail(errors, 1024));
  }
  return AnswerFromJson(answer.frames().front());
}

}  // namespace pocsift::sandbox
