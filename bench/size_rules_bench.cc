// Size-rule evaluation: a bundle with a 2.5 MB literal body and one with a 40,000-repeat
// generated body (never materialized). Run: build/bench/size_rules_bench
#include <benchmark/benchmark.h>

#include "checks/registry.h"

namespace pocsift {
namespace {

Bundle BundleWithRequest(Request request) {
  Bundle bundle;
  Step step;
  step.name = "attack";
  step.request = std::move(request);
  bundle.manifest.steps.push_back(std::move(step));
  return bundle;
}

Request Post() {
  Request request;
  request.method = "POST";
  request.path = "/items/";
  request.query = {{"q", "{{marker}}"}};
  request.headers = {{"X-Trace", "{{marker}}"}};
  return request;
}

void BM_SizeRules_LiteralBody2_5MB(benchmark::State& state) {
  Request request = Post();
  request.body = std::string(2621440, 'a');
  const Bundle bundle = BundleWithRequest(std::move(request));
  for (auto _ : state) {
    auto findings = RunStaticRules(MakeCheckContext(bundle, Policy().limits));
    benchmark::DoNotOptimize(findings);
  }
}
BENCHMARK(BM_SizeRules_LiteralBody2_5MB)->Unit(benchmark::kMicrosecond);

void BM_SizeRules_GeneratedBody40000Repeats(benchmark::State& state) {
  Request request = Post();
  request.body_repeat = BodyRepeat{"[{\"a\":", 40000, true, "", "}]"};
  const Bundle bundle = BundleWithRequest(std::move(request));
  for (auto _ : state) {
    auto findings = RunStaticRules(MakeCheckContext(bundle, Policy().limits));
    benchmark::DoNotOptimize(findings);
  }
}
BENCHMARK(BM_SizeRules_GeneratedBody40000Repeats)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pocsift

BENCHMARK_MAIN();
