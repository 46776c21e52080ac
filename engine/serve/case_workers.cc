#include "engine/serve/case_workers.h"

#include <exception>
#include <iostream>

#include "engine/one_line.h"

namespace pocsift {
namespace {

Instant Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

}  // namespace

CaseWorkers::CaseWorkers(CaseStore& store, ServeMetrics& metrics, Check check,
                         CaseWorkerOptions options)
    : store_(store), metrics_(metrics), check_(std::move(check)), options_(options) {
  for (int i = 0; i < std::max(1, options_.threads); ++i) threads_.emplace_back([this] { Loop(); });
}

CaseWorkers::~CaseWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void CaseWorkers::Notify() {
  {
    std::lock_guard lock(mutex_);
    ++pending_notifications_;
  }
  wake_.notify_one();
}

void CaseWorkers::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      pending_notifications_ = 0;
    }
    auto claimed = store_.ClaimNext(Now());
    if (!claimed) std::cerr << "pocsift serve: " << OneLine(claimed.error().message) << "\n";
    if (claimed && claimed.value()) {
      RunOne(*claimed.value());
      continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::seconds(1),
                   [this] { return stopping_ || pending_notifications_ > 0; });
  }
}

void CaseWorkers::RunOne(const ClaimedCase& claimed) {
  const auto started = std::chrono::steady_clock::now();
  Result<CaseCheck> checked = Internal("the check did not run");
  // The engine is a library boundary for the server: nothing it throws may kill a worker.
  try {
    checked = check_(claimed);
  } catch (const std::exception& e) {
    checked = Internal(std::string("the engine threw: ") + e.what());
  } catch (...) {
    checked = Internal("the engine threw an unknown exception");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string& id = claimed.stored.id;
  if (checked) {
    metrics_.CaseRun(checked.value().decision, seconds);
    for (const auto& [path, n] : checked.value().runs_by_path) metrics_.SandboxRuns(path, n);
    if (Status s = store_.Finish(id, checked.value().record, checked.value().decision,
                                 checked.value().signature, Now());
        !s)
      std::cerr << "pocsift serve: " << id << ": " << OneLine(s.error().message) << "\n";
    return;
  }
  const bool permanent = checked.error().kind == ErrorKind::kBadInput;
  const bool last = permanent || claimed.stored.attempts >= options_.max_attempts;
  metrics_.CaseRun(last ? "failed" : "error", seconds);
  const std::string reason = "attempt " + std::to_string(claimed.stored.attempts) + " of " +
                             std::to_string(options_.max_attempts) + ": " +
                             OneLine(checked.error().message);
  if (Status s = store_.FailAttempt(id, reason, options_.max_attempts, permanent,
                                    Now() + options_.retry_backoff, Now());
      !s)
    std::cerr << "pocsift serve: " << id << ": " << OneLine(s.error().message) << "\n";
}

}  // namespace pocsift
