// Warm fork servers against cold runs (issue #9, docs/warm-runs.md): the wall time of one run
// of a one-request bundle per runtime, of the whole five-runtime matrix (--jobs 2), and of a
// whole `check` (load, sandboxed code analysis, rules, matrix, verdict), each cold and warm,
// as medians over repetitions in one process. Warm servers are started before timing (the
// first warm repetition would otherwise pay a server's start). Needs root and the runtimes.
//
//   build/bench/warm_runs_bench --benchmark_repetitions=7 --benchmark_report_aggregates_only=true
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "engine/bundle.h"
#include "engine/paths.h"
#include "engine/pipeline.h"
#include "engine/run_matrix.h"
#include "engine/warm_pool.h"

namespace pocsift {
namespace {

const std::vector<Runtime>* Runtimes() {
  static const auto* const kRuntimes = [] {
    auto set = LoadRuntimes(PocsiftHome(), CacheRoot());
    return set && geteuid() == 0 ? new std::vector<Runtime>(set.value().runtimes) : nullptr;
  }();
  return kRuntimes;
}

// The clean example with only its first request step, written once to a temporary folder.
const std::filesystem::path& OneRequestBundle() {
  static const std::filesystem::path kPath = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "pocsift-bench-XXXXXX").string();
    ::mkdtemp(dir.data());
    const auto target = std::filesystem::path(dir) / "one-request";
    std::filesystem::copy(PocsiftHome() / "fixtures" / "bundles" / "clean", target,
                          std::filesystem::copy_options::recursive);
    std::ifstream in(target / "poc.json");
    nlohmann::json manifest = nlohmann::json::parse(in);
    manifest["steps"] = nlohmann::json::array({manifest["steps"][0]});
    manifest["expect"] = nlohmann::json::array();
    std::ofstream(target / "poc.json") << manifest.dump();
    return target;
  }();
  return kPath;
}

WarmPool* Pool() {
  static WarmPool* const kPool = [] () -> WarmPool* {
    auto pool = WarmPool::Create();
    if (!pool || Runtimes() == nullptr) return nullptr;
    pool.value()->StartAll(*Runtimes());
    return pool.value().release();
  }();
  return kPool;
}

bool Ready(benchmark::State& state, bool warm) {
  if (Runtimes() == nullptr) {
    state.SkipWithError("needs root and the installed runtimes (scripts/install-runtimes)");
    return false;
  }
  if (warm && Pool() == nullptr) {
    state.SkipWithError("no warm pool");
    return false;
  }
  return true;
}

void RunPlans(benchmark::State& state, const std::vector<RunPlan>& plans, bool warm) {
  auto bundle = LoadBundle(OneRequestBundle());
  if (!bundle) {
    state.SkipWithError(bundle.error().message.c_str());
    return;
  }
  MatrixOptions options;
  options.jobs = 2;
  options.warm_pool = warm ? Pool() : nullptr;
  for (auto _ : state) {
    auto records = RunMatrix(bundle.value(), plans, options);
    if (!records) {
      state.SkipWithError(records.error().message.c_str());
      return;
    }
    for (const RunRecord& record : records.value()) {
      if (record.status != "ok" || record.path != (warm ? "warm" : "cold")) {
        state.SkipWithError(("run not ok or not on the expected path: " + record.path + " " +
                             record.cold_reason + " " + record.failure_reason).c_str());
        return;
      }
    }
  }
}

void BM_OneRun(benchmark::State& state, bool warm) {
  if (!Ready(state, warm)) return;
  const auto index = static_cast<std::size_t>(state.range(0));
  if (index >= Runtimes()->size()) {
    state.SkipWithError("no such runtime");
    return;
  }
  const Runtime& runtime = (*Runtimes())[index];
  state.SetLabel(runtime.id + " (Django " + runtime.django_version + ")");
  RunPlans(state, {RunPlan{&runtime, RunVariant{"baseline"}}}, warm);
}

void BM_WholeMatrix(benchmark::State& state, bool warm) {
  if (!Ready(state, warm)) return;
  std::vector<RunPlan> plans;
  for (const Runtime& runtime : *Runtimes()) plans.push_back(RunPlan{&runtime, RunVariant{"baseline"}});
  state.SetLabel(std::to_string(plans.size()) + " runtimes, --jobs 2");
  RunPlans(state, plans, warm);
}

void BM_WholeCheck(benchmark::State& state, bool warm) {
  if (!Ready(state, warm)) return;
  CheckOptions options;
  options.received = "2026-11-20";
  options.runtimes = *Runtimes();
  options.jobs = 2;
  options.warm_pool = warm ? Pool() : nullptr;
  for (auto _ : state) {
    auto outcome = CheckBundle(OneRequestBundle(), options);
    if (!outcome) {
      state.SkipWithError(outcome.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(outcome);
  }
}

void OneRunArgs(benchmark::internal::Benchmark* b) {
  for (int i = 0; i < 5; ++i) b->Arg(i);
  b->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
}

BENCHMARK_CAPTURE(BM_OneRun, cold, false)->Apply(OneRunArgs);
BENCHMARK_CAPTURE(BM_OneRun, warm, true)->Apply(OneRunArgs);
BENCHMARK_CAPTURE(BM_WholeMatrix, cold, false)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_WholeMatrix, warm, true)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_WholeCheck, cold, false)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_WholeCheck, warm, true)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace pocsift

BENCHMARK_MAIN();
