// The counters `GET /metrics` exposes in Prometheus' text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "engine/serve/case_store.h"

namespace pocsift {

class ServeMetrics {
 public:
  // A finished attempt: `outcome` is the engine's decision, or "error" / "failed".
  void CaseRun(const std::string& outcome, double seconds);
  // Sandboxed runs of a finished case by path: "warm" (a fork server's child) or "cold".
  void SandboxRuns(const std::string& path, int count);
  void HttpResponse(int status);
  // A request turned away before any work: "queue_full", "submitter_limit", "overloaded".
  void Rejected(const std::string& reason);

  // The whole exposition, with the store's counts as gauges.
  std::string Render(const QueueCounts& counts) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> runs_;
  std::map<int, std::uint64_t> responses_;
  std::map<std::string, std::uint64_t> sandbox_runs_;
  std::map<std::string, std::uint64_t> rejected_;
  std::array<std::uint64_t, kBuckets.size()> duration_buckets_{};
  std::uint64_t duration_count_ = 0;
  double duration_sum_ = 0;
};

}  // namespace pocsift
