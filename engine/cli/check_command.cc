#include <algorithm>
#include <chrono>
#include <thread>
#include <fstream>
#include <iostream>

#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/cli/text_summary.h"
#include "engine/one_line.h"
#include "engine/paths.h"
#include "engine/pipeline.h"

namespace pocsift {
namespace {

bool Selected(const Runtime& runtime, const std::vector<std::string>& wanted) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), runtime.series) != wanted.end() ||
         std::find(wanted.begin(), wanted.end(), runtime.id) != wanted.end();
}

void PrintProgress(const RunRecord& run, std::size_t done, std::size_t total) {
  std::cerr << "[" << done << "/" << total << "] Django " << run.django_version << " ("
            << run.runtime_id << ") " << run.variant << " #" << run.attempt << ": " << run.status
            << " in " << run.wall_ms << " ms"
            << (run.failure_reason.empty() ? "" : " — " + OneLine(run.failure_reason)) << "\n";
}

Result<CheckOptions> PipelineOptions(const CheckCommandOptions& options) {
  CheckOptions pipeline;
  pipeline.received = options.received;
  pipeline.static_only = options.static_only;
  pipeline.now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  pipeline.jobs = options.jobs > 0 ? options.jobs
                                   : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  pipeline.repeats = std::max(1, options.repeats);
  if (!options.quiet) pipeline.progress = PrintProgress;
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
std::string Render(const std::vector<CaseOutcome>& outcomes, const std::string& format,
                   bool several) {
  if (format == "json") {
    if (!several && outcomes.size() == 1) return outcomes.front().record.dump(2) + "\n";
    auto all = nlohmann::ordered_json::array();
    for (const auto& outcome : outcomes) all.push_back(outcome.record);
    return all.dump(2) + "\n";
  }
  std::string text;
  for (const auto& outcome : outcomes) text += TextSummary(outcome) + "\n";
  return text;
}

}  // namespace

int RunCheckCommand(const CheckCommandOptions& options) {
  const auto prepared = PipelineOptions(options);
  if (!prepared) {
    std::cerr << "pocsift: " << prepared.error().message << "\n";
    return kExitBadInput;
  }
  const CheckOptions& pipeline = prepared.value();
  ExitCode exit_code = kExitEligible;
  std::vector<CaseOutcome> outcomes;
  for (const auto& path : options.bundles) {
    auto outcome = CheckBundle(path, pipeline);
    if (!outcome) {
      std::cerr << "pocsift: " << OneLine(outcome.error().message) << "\n";
      exit_code = MoreSerious(exit_code, ErrorExit(outcome.error()));
      continue;
    }
    exit_code = MoreSerious(exit_code, ExitCodeForDecision(outcome.value().verdict.decision));
    outcomes.push_back(std::move(outcome).value());
  }
  if (outcomes.empty() || options.quiet) return exit_code;
  const std::string rendered = Render(outcomes, options.format, options.bundles.size() > 1);
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
