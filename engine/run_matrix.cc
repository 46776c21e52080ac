#include "engine/run_matrix.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "engine/paths.h"
#include "engine/staged_bundle.h"
#include "engine/warm_pool.h"
#include "sandbox/launcher.h"

namespace pocsift {
namespace {

RunRecord RunOne(const Bundle& bundle, const RunPlan& plan, const std::filesystem::path& staged,
                 const MatrixOptions& options) {
  const sandbox::SandboxLimits& limits = options.limits;
  RunRecord record;
  record.runtime_id = plan.runtime->id;
  record.series = plan.runtime->series;
  record.django_version = plan.runtime->django_version;
  record.variant = plan.variant.name;
  record.attempt = plan.attempt;
  record.swept_size = plan.size_override;
  record.secrets = FreshRunSecrets();

  sandbox::SandboxRequest request;
  request.rootfs = plan.runtime->rootfs;
  request.django = plan.runtime->path;
  request.harness = PocsiftHome() / "fixtures" / "harness";
  request.project = PocsiftHome() / "fixtures" / "project";
  request.bundle = staged;
  request.python_args = {"/pocsift/harness/run.py"};
  request.input = BuildHarnessRequest(bundle, plan.variant, record.secrets, plan.size_override);
  request.limits = limits;
  Result<sandbox::SandboxResult> result = Internal("not run");
  if (options.warm_pool) {
    PooledRun pooled = options.warm_pool->Run(*plan.runtime, request);
    record.path = pooled.warm ? "warm" : "cold";
    record.cold_reason = pooled.cold_reason;
    result = std::move(pooled.result);
  } else {
    result = sandbox::RunSandboxed(request);
  }
  if (!result) {
    record.failure_reason = "the sandbox could not start: " + result.error().message;
    return record;
  }
  InterpretSandboxResult(result.value(), bundle.manifest, record);
  return record;
}

}  // namespace

Result<std::vector<RunRecord>> RunMatrix(const Bundle& bundle, const std::vector<RunPlan>& plans,
                                         const MatrixOptions& options) {
  auto staged = options.warm_pool ? StagedBundle::Stage(bundle.files, options.warm_pool->spool())
                                  : StagedBundle::Stage(bundle.files);
  if (!staged) return staged.error();
  std::vector<RunRecord> records(plans.size());
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  const auto worker = [&] {
    for (std::size_t i = next++; i < plans.size(); i = next++) {
      records[i] = RunOne(bundle, plans[i], staged.value().path(), options);
      const std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) options.progress(records[i], done, plans.size());
    }
  };
  std::vector<std::thread> threads;
  const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(plans.size())));
  for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  return records;
}

}  // namespace pocsift
