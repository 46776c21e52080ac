#include "sandbox/warm_client.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <boost/process.hpp>

#include "sandbox/channel.h"
#include "sandbox/launcher.h"
#include "sandbox/wire.h"

namespace pocsift::sandbox {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

// The server imports Django and migrates a database before it answers.
constexpr std::int64_t kStartDeadlineMs = 90'000;
// Beyond a run's own deadline: the helper's set-up, teardown and accounting.
constexpr std::int64_t kRunGraceMs = 10'000;
constexpr std::uint64_t kAnswerOverhead = 4ull << 20;

}  // namespace

Result<std::unique_ptr<WarmServer>> WarmServer::Start(const SandboxRequest& server_request) {
  auto helper = LocateHelper();
  if (!helper) return helper.error();
  std::unique_ptr<WarmServer> server(new WarmServer());
  std::error_code spawn_error;
  try {
    bp::pipe in, out;
    server->child_ = bp::child(helper.value().string(), "--server", bp::std_in < in,
                               bp::std_out > out, bp::std_err > bp::null, bp::environment(),
                               spawn_error);
    server->to_helper_.reset(in.native_sink());
    in.assign_sink(-1);
    server->from_helper_.reset(out.native_source());
    out.assign_source(-1);
  } catch (const std::exception& e) {
    return Unavailable(std::string("starting pocsift-sandbox --server: ") + e.what());
  }
  if (spawn_error) return Unavailable("starting pocsift-sandbox --server: " + spawn_error.message());
  for (int fd : {server->to_helper_.get(), server->from_helper_.get()}) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  auto answer = server->Exchange(json{{"server", RequestToJson(server_request)}},
                                 kStartDeadlineMs);
  if (!answer) return answer.error();
  if (!answer->value("ok", false) || !answer->contains("ready")) {
    auto error = AnswerFromJson(answer.value());
    return Unavailable("the warm server did not start: " +
                       (error ? std::string("no reason given") : error.error().message));
  }
  server->ready_ = answer.value()["ready"];
  return server;
}

WarmServer::~WarmServer() {
  to_helper_.reset();  // end of file: the helper kills its server and exits
  if (!child_.valid()) return;
  // Not child::wait_for: in Boost 1.74 it sleeps out its whole timeout.
  std::error_code ec;
  const auto give_up = Clock::now() + std::chrono::seconds(3);
  while (child_.running(ec) && !ec && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (child_.running(ec) && !ec) child_.terminate(ec);
}

Result<json> WarmServer::Exchange(const json& frame, std::int64_t deadline_ms) {
  if (!WriteAll(to_helper_.get(), EncodeFrame(frame))) {
    healthy_ = false;
    return Unavailable("the warm server's helper is gone");
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(deadline_ms);
  const std::uint64_t cap = (64ull << 20) + kAnswerOverhead;
  FrameDecoder decoder({.max_frame_bytes = cap, .max_total_bytes = cap + 4, .max_frames = 1});
  while (decoder.frames().empty()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p = {from_helper_.get(), POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) == 0) {
      healthy_ = false;
      return Unavailable("the warm server did not answer within " +
                         std::to_string(deadline_ms) + " ms");
    }
    char buf[1 << 16];
    const ssize_t n = ::read(from_helper_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      healthy_ = false;
      return Unavailable("the warm server's helper closed its answer channel");
    }
    if (Status s = decoder.Feed(std::string_view(buf, static_cast<std::size_t>(n))); !s) {
      healthy_ = false;
      return Internal("the warm server's answer: " + s.error().message);
    }
  }
  return decoder.frames().front();
}

Result<WarmAnswer> WarmServer::Run(const SandboxRequest& run_request) {
  if (!healthy_) return Unavailable("the warm server is not usable");
  ++runs_;
  auto answer = Exchange(json{{"run", RequestToJson(run_request)}},
                         run_request.limits.wall_ms + kRunGraceMs);
  if (!answer) return answer.error();
  auto result = AnswerFromJson(answer.value());
  if (!result) {
    healthy_ = false;
    return result.error();
  }
  WarmAnswer out{std::move(result).value(), answer->value("anomaly", std::string())};
  if (!out.anomaly.empty()) healthy_ = false;
  return out;
}

}  // namespace pocsift::sandbox
