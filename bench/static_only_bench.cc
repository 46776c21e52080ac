// Static-only checks: the whole `check --static-only` pipeline per example bundle (the AST dump
// in the sandbox included), the code rules alone on an analysed bundle, and the taint pass on a
// generated 2,000-line app. Needs the runtimes (scripts/install-runtimes) and root for the
// sandbox; without them those benchmarks report an error and the pure ones still run.
//
//   build/bench/static_only_bench --benchmark_min_time=2s
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <benchmark/benchmark.h>

#include "checks/code/taint_analysis.h"
#include "checks/registry.h"
#include "engine/code_analysis.h"
#include "engine/paths.h"
#include "engine/pipeline.h"

namespace pocsift {
namespace {

const std::vector<Runtime>* Runtimes() {
  static const auto* const kRuntimes = [] {
    auto set = LoadRuntimes(PocsiftHome(), CacheRoot());
    return set ? new std::vector<Runtime>(set.value().runtimes) : nullptr;
  }();
  return kRuntimes;
}

std::filesystem::path BundlePath(const char* name) { return PocsiftHome() / "fixtures" / "bundles" / name; }

void BM_StaticOnlyCheck(benchmark::State& state, const char* bundle) {
  if (Runtimes() == nullptr || geteuid() != 0) {
    state.SkipWithError("needs the installed runtimes and root (the AST dump runs in the sandbox)");
    return;
  }
  CheckOptions options;
  options.static_only = true;
  options.received = "2026-11-20";
  options.runtimes = *Runtimes();
  for (auto _ : state) {
    auto outcome = CheckBundle(BundlePath(bundle), options);
    if (!outcome) state.SkipWithError(outcome.error().message.c_str());
    benchmark::DoNotOptimize(outcome);
  }
}
BENCHMARK_CAPTURE(BM_StaticOnlyCheck, clean, "clean")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StaticOnlyCheck, unsanitized_extra_select, "unsanitized-extra-select")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StaticOnlyCheck, orm_kwargs_documented_safe, "orm-kwargs-documented-safe")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StaticOnlyCheck, dtl_over_100kb, "dtl-over-100kb")->Unit(benchmark::kMillisecond);

// The rules alone, on a bundle whose code was analysed once (what the engine adds on top of the
// sandbox run).
void BM_StaticRulesOnAnalysedBundle(benchmark::State& state) {
  if (Runtimes() == nullptr || geteuid() != 0) {
    state.SkipWithError("needs the installed runtimes and root");
    return;
  }
  auto bundle = LoadBundle(BundlePath("orm-kwargs-documented-safe"));
  const CodeAnalysis code = AnalyzeCode(bundle.value(), *Runtimes());
  for (auto _ : state) {
    CheckContext context = MakeCheckContext(bundle.value(), Policy().limits);
    context.code = &code;
    benchmark::DoNotOptimize(RunStaticRules(context));
  }
}
BENCHMARK(BM_StaticRulesOnAnalysedBundle)->Unit(benchmark::kMicrosecond);

// A 2,000-line app: 117 views of 17 lines, each with a request source, helpers, formatting,
// ORM calls and one documented-unsafe sink in every tenth view.
std::string GeneratedApp() {
  std::string source = "from django.db import connection\nfrom django.db.models import Q\n"
                       "from django.http import JsonResponse\nfrom .models import Item\n\n";
  for (int i = 0; i < 117; ++i) {
    const std::string n = std::to_string(i);
    source += "def helper_" + n + "(value, limit=10):\n"
              "    text = str(value).strip()\n"
              "    return text[:limit]\n\n"
              "def view_" + n + "(request, pk):\n"
              "    query = request.GET.get('q', '')\n"
              "    name = helper_" + n + "(query)\n"
              "    filters = request.GET.dict()\n"
              "    rows = Item.objects.filter(**filters).filter(Q(name=name))\n"
              "    label = f'{name}-{pk}'\n"
              "    data = {'label': label, 'count': rows.count()}\n"
              "    for row in rows.values('name'):\n"
              "        data[row['name']] = len(row)\n";
    source += i % 10 == 0 ? "    with connection.cursor() as c:\n"
                            "        c.execute('SELECT %s' % name)\n"
                          : "    with connection.cursor() as c:\n"
                            "        c.execute('SELECT %s', [name])\n";
    source += "    return JsonResponse(data)\n\n";
  }
  return source;
}

CodeAnalysis ParseOnHost(const std::string& source) {
  const auto dir = std::filesystem::temp_directory_path() / ("pocsift-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "views.py") << source;
  std::ofstream(dir / "dump.py")
      << "import ast, json, sys\nsys.path.insert(0, " << nlohmann::json((PocsiftHome() / "fixtures" / "harness").string()).dump()
      << ")\nimport analyze\nprint(json.dumps(analyze.dump(ast.parse(open(sys.argv[1], 'rb').read()), 0, [])))\n";
  const std::string command = "python3 -I " + (dir / "dump.py").string() + " " + (dir / "views.py").string();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[65536];
  for (std::size_t n; pipe && (n = fread(buffer, 1, sizeof(buffer), pipe.get())) > 0;) out.append(buffer, n);
  std::filesystem::remove_all(dir);
  CodeAnalysis code;
  code.ran = true;
  code.modules.push_back({"pocapp/views.py", nlohmann::json::parse(out, nullptr, false), "", 0, 0, ""});
  return code;
}

void BM_TaintPass2000Lines(benchmark::State& state) {
  const std::string source = GeneratedApp();
  const CodeAnalysis code = ParseOnHost(source);
  std::size_t flows = 0;
  for (auto _ : state) {
    const TaintReport report = AnalyzeTaint(code, DefaultTaintCatalogue());
    flows = report.unsafe.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["lines"] = static_cast<double>(std::count(source.begin(), source.end(), '\n'));
  state.counters["unsafe_flows"] = static_cast<double>(flows);
}
BENCHMARK(BM_TaintPass2000Lines)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pocsift

BENCHMARK_MAIN();
