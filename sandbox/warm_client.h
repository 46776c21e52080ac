// WarmServer: the engine's handle on one warm fork server (`pocsift-sandbox --server`,
// warm_server.h) for one Django runtime.
//
//   auto server = WarmServer::Start(server_request);   // blocks until the zygote is ready
//   auto answer = server.value()->Run(run_request);    // one run, confined as a cold one
//   if (!answer) …                 // the run could not be started: use the cold path
//   else if (!answer->anomaly.empty()) …  // the result stands; replace the server
//
// One run at a time: Run() is not thread-safe (engine/warm_pool.h serializes). Destroying
// the handle closes the helper's stdin; the helper then kills the server and its whole tree
// (and the parent-death signal chain does the same if the engine dies).
#pragma once

#include <memory>
#include <string>

#include <boost/process/child.hpp>
#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "engine/unique_fd.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {

struct WarmAnswer {
  SandboxResult result;
  std::string anomaly;  // non-empty: the server misbehaved or had to kill the run
};

class WarmServer {
 public:
  // `server_request.bundle` is the spool folder: every run's bundle must be a folder directly
  // inside it. `server_request.python_args` runs the zygote; its limits bound the server.
  static Result<std::unique_ptr<WarmServer>> Start(const SandboxRequest& server_request);
  ~WarmServer();
  WarmServer(const WarmServer&) = delete;
  WarmServer& operator=(const WarmServer&) = delete;

  // `run_request.bundle` must be a folder in the spool; its input and limits are the run's.
  // An Error means nothing ran (the server is then unusable: healthy() is false).
  Result<WarmAnswer> Run(const SandboxRequest& run_request);

  // The zygote's ready message: django, python, setup_ms, calibration_ms.
  const nlohmann::json& ready() const { return ready_; }
  bool healthy() const { return healthy_; }
  int runs() const { return runs_; }

 private:
  WarmServer() = default;
  Result<nlohmann::json> Exchange(const nlohmann::json& frame, std::int64_t deadline_ms);

  boost::process::child child_;
  UniqueFd to_helper_, from_helper_;
  nlohmann::json ready_;
  bool healthy_ = true;
  int runs_ = 0;
};

}  // namespace pocsift::sandbox
