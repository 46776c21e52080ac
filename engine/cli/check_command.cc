#include <algorithm>
#include <chrono>
#include <thread>
#include <fstream>
#include <iostream>

#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/cli/progress_line.h"
#include "engine/cli/sarif_report.h"
#include "engine/cli/terminal.h"
#include "engine/cli/text_summary.h"
#include "engine/one_line.h"
#include "engine/paths.h"
#include "engine/pipeline.h"
#include "engine/warm_pool.h"

namespace pocsift {
namespace {

bool Selected(const Runtime& runtime, const std::vector<std::string>& wanted) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), runtime.series) != wanted.end() ||
         std::find(wanted.begin(), wanted.end(), runtime.id) != wanted.end();
}

Result<CheckOptions> PipelineOptions(const CheckCommandOptions& options) {
  CheckOptions pipeline;
  pipeline.received = options.received;
  pipeline.static_only = options.static_only;
  pipeline.now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  pipeline.jobs = options.jobs > 0 ? options.jobs
                                   : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  pipeline.repeats = std::max(1, options.repeats);
  auto runtimes = LoadRuntimes(PocsiftHome(), CacheRoot());
  if (!runtimes) {
    pipeline.runtimes_unavailable = runtimes.error().message;
    return pipeline;
  }
  for (const auto& runtime : runtimes.value().runtimes)
    if (Selected(runtime, options.runtimes)) pipeline.runtimes.push_back(runtime);
  if (pipeline.runtimes.empty())
    return BadInput("--runtimes: no installed runtime matches (see pocsift runtimes)");
  return pipeline;
}

ExitCode ErrorExit(const Error& error) {
  return error.kind == ErrorKind::kInternal ? kExitEngineFailed : kExitBadInput;
}

// One bundle asked for gives a JSON object; several give an array, whatever loaded.
// SARIF is always one log, with one run per case.
std::string Render(const std::vector<CaseOutcome>& outcomes, const std::string& format,
                   bool several, const TextSummaryOptions& text_options) {
  if (format == "sarif") return SarifLog(outcomes).dump(2) + "\n";
  if (format == "json") {
    if (!several && outcomes.size() == 1) return outcomes.front().record.dump(2) + "\n";
    auto all = nlohmann::ordered_json::array();
    for (const auto& outcome : outcomes) all.push_back(outcome.record);
    return all.dump(2) + "\n";
  }
  std::string text;
  for (const auto& outcome : outcomes) {
    if (!text.empty()) text += "\n";
    text += TextSummary(outcome, text_options);
  }
  return text;
}

}  // namespace

int RunCheckCommand(const CheckCommandOptions& options) {
  const auto prepared = PipelineOptions(options);
  if (!prepared) {
    std::cerr << "pocsift: " << prepared.error().message << "\n";
    return kExitBadInput;
  }
  CheckOptions pipeline = prepared.value();
  // Warm fork servers (docs/warm-runs.md), started on each runtime's first run and killed
  // when this command ends. Without them (--cold, or no spool) every run is cold.
  std::unique_ptr<WarmPool> pool;
  if (!options.cold && !options.static_only && !pipeline.runtimes.empty()) {
    if (auto created = WarmPool::Create()) pool = std::move(created).value();
  }
  pipeline.warm_pool = pool.get();
  // Progress goes to stderr, one report per sandboxed run: one rewritten line on a terminal,
  // plain lines in a log or with --verbose (every run stays visible). --quiet silences it.
  ProgressLine progress(stderr, IsTerminal(stderr) && !options.verbose,
                        Painter(ColorWanted(stderr, options.no_color)));
  if (!options.quiet)
    pipeline.progress = [&progress](const RunRecord& run, std::size_t done, std::size_t total) {
      progress.OnRun(run, done, total);
    };
  ExitCode exit_code = kExitEligible;
  std::vector<CaseOutcome> outcomes;
  for (const auto& path : options.bundles) {
    if (options.bundles.size() > 1) progress.StartBundle(path);
    auto outcome = CheckBundle(path, pipeline);
    progress.Finish();
    if (!outcome) {
      std::cerr << "pocsift: " << OneLine(outcome.error().message) << "\n";
      exit_code = MoreSerious(exit_code, ErrorExit(outcome.error()));
      continue;
    }
    exit_code = MoreSerious(exit_code, ExitCodeForDecision(outcome.value().verdict.decision));
    outcomes.push_back(std::move(outcome).value());
  }
  if (outcomes.empty() || options.quiet) return exit_code;
  // Colour only for text on a terminal; never into a file.
  TextSummaryOptions text_options;
  text_options.verbose = options.verbose;
  text_options.painter = Painter(!options.output && ColorWanted(stdout, options.no_color));
  const std::string rendered =
      Render(outcomes, options.format, options.bundles.size() > 1, text_options);
  if (!options.output) {
    std::cout << rendered;
    return exit_code;
  }
  std::ofstream out(*options.output, std::ios::binary | std::ios::trunc);
  out << rendered;
  if (!out.flush()) {
    std::cerr << "pocsift: cannot write " << *options.output << "\n";
    return kExitEngineFailed;
  }
  return exit_code;
}

}  // namespace pocsift
