// The bounded pool of threads that check queued cases: each claims the oldest queued case from
// the store, runs the engine on it and stores the outcome. The store is the queue; the pool
// only wakes on Notify() (a new submission) or once a second (back-offs that have passed).
//
// A failed attempt (the engine failed, or threw) is retried after `retry_backoff` until the
// case has had `max_attempts`; a bundle the engine calls bad input fails at once.
//
// Lifecycle: construct (threads start) -> Notify() any number of times -> destroy (threads
// finish their current case and join).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/result.h"
#include "engine/serve/case_store.h"
#include "engine/serve/serve_metrics.h"

namespace pocsift {

struct CaseCheck {
  std::string record;  // the case record, JSON
  std::string decision;
  std::optional<std::string> signature;
  std::map<std::string, int> runs_by_path;  // sandboxed runs: "warm" / "cold" → how many
};

struct CaseWorkerOptions {
  int threads = 1;
  int max_attempts = 3;
  std::chrono::seconds retry_backoff{5};
};

class CaseWorkers {
 public:
  using Check = std::function<Result<CaseCheck>(const ClaimedCase&)>;

  CaseWorkers(CaseStore& store, ServeMetrics& metrics, Check check, CaseWorkerOptions options);
  ~CaseWorkers();
  CaseWorkers(const CaseWorkers&) = delete;
  CaseWorkers& operator=(const CaseWorkers&) = delete;

  // A case was queued: wake one idle worker.
  void Notify();

 private:
  void Loop();
  void RunOne(const ClaimedCase& claimed);

  CaseStore& store_;
  ServeMetrics& metrics_;
  Check check_;
  CaseWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t pending_notifications_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace pocsift
