#include "engine/serve/serve_metrics.h"

#include <sstream>

namespace pocsift {

void ServeMetrics::CaseRun(const std::string& outcome, double seconds) {
  std::lock_guard lock(mutex_);
  ++runs_[outcome];
  ++duration_count_;
  duration_sum_ += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++duration_buckets_[i];
}

void ServeMetrics::SandboxRuns(const std::string& path, int count) {
  std::lock_guard lock(mutex_);
  sandbox_runs_[path] += static_cast<std::uint64_t>(count);
}

void ServeMetrics::HttpResponse(int status) {
  std::lock_guard lock(mutex_);
  ++responses_[status];
}

void ServeMetrics::Rejected(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejected_[reason];
}

std::string ServeMetrics::Render(const QueueCounts& counts) const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP pocsift_queue_depth Cases accepted and waiting for a worker.\n"
         "# TYPE pocsift_queue_depth gauge\n"
      << "pocsift_queue_depth " << counts.queued << "\n"
      << "# HELP pocsift_cases Cases in the store by status.\n"
         "# TYPE pocsift_cases gauge\n"
      << "pocsift_cases{status=\"queued\"} " << counts.queued << "\n"
      << "pocsift_cases{status=\"running\"} " << counts.running << "\n"
      << "pocsift_cases{status=\"done\"} " << counts.done << "\n"
      << "pocsift_cases{status=\"failed\"} " << counts.failed << "\n"
      << "# HELP pocsift_case_runs_total Check attempts by outcome (decision, error, failed).\n"
         "# TYPE pocsift_case_runs_total counter\n";
  for (const auto& [outcome, n] : runs_)
    out << "pocsift_case_runs_total{outcome=\"" << outcome << "\"} " << n << "\n";
  out << "# HELP pocsift_case_run_duration_seconds Wall time of one check attempt.\n"
         "# TYPE pocsift_case_run_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out << "pocsift_case_run_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
        << duration_buckets_[i] << "\n";
  out << "pocsift_case_run_duration_seconds_bucket{le=\"+Inf\"} " << duration_count_ << "\n"
      << "pocsift_case_run_duration_seconds_sum " << duration_sum_ << "\n"
      << "pocsift_case_run_duration_seconds_count " << duration_count_ << "\n"
      << "# HELP pocsift_sandbox_runs_total Sandboxed runs by path (warm: a fork server's child; cold: a fresh sandbox).\n"
         "# TYPE pocsift_sandbox_runs_total counter\n";
  for (const auto& [path, n] : sandbox_runs_)
    out << "pocsift_sandbox_runs_total{path=\"" << path << "\"} " << n << "\n";
  out << "# HELP pocsift_http_responses_total HTTP responses by status code.\n"
         "# TYPE pocsift_http_responses_total counter\n";
  for (const auto& [status, n] : responses_)
    out << "pocsift_http_responses_total{code=\"" << status << "\"} " << n << "\n";
  out << "# HELP pocsift_http_rejected_total Requests turned away by a limit.\n"
         "# TYPE pocsift_http_rejected_total counter\n";
  for (const auto& [reason, n] : rejected_)
    out << "pocsift_http_rejected_total{reason=\"" << reason << "\"} " << n << "\n";
  return out.str();
}

}  // namespace pocsift
