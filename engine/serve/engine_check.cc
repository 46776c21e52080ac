#include "engine/serve/engine_check.h"

#include <algorithm>
#include <iostream>

#include "engine/one_line.h"
#include "engine/paths.h"
#include "engine/serve/case_signature.h"
#include "engine/serve/staged_upload.h"

namespace pocsift {

Result<EngineCheck> EngineCheck::Prepare(const ServeOptions& options,
                                         std::filesystem::path scratch) {
  CheckOptions base;
  base.static_only = options.static_only;
  base.jobs = std::max(1, options.jobs);
  base.repeats = std::max(1, options.repeats);
  if (!options.static_only) {
    auto runtimes = LoadRuntimes(PocsiftHome(), CacheRoot());
    if (!runtimes) {
      base.runtimes_unavailable = runtimes.error().message;
    } else {
      for (const auto& runtime : runtimes.value().runtimes) {
        const auto& wanted = options.runtimes;
        if (wanted.empty() ||
            std::find(wanted.begin(), wanted.end(), runtime.series) != wanted.end() ||
            std::find(wanted.begin(), wanted.end(), runtime.id) != wanted.end())
          base.runtimes.push_back(runtime);
      }
      if (base.runtimes.empty())
        return BadInput("--runtimes: no installed runtime matches (see pocsift runtimes)");
    }
  }
  std::shared_ptr<WarmPool> pool;
  if (!options.cold && !base.static_only && !base.runtimes.empty()) {
    if (auto created = WarmPool::Create()) {
      pool = std::move(created).value();
      for (const auto& [runtime, problem] : pool->StartAll(base.runtimes)) {
        std::cerr << "pocsift serve: no warm server for " << runtime << " (its runs go cold): "
                  << OneLine(problem) << "\n";
      }
    }
  }
  return EngineCheck(std::move(base), std::move(scratch), std::move(pool));
}

Result<CaseCheck> EngineCheck::operator()(const ClaimedCase& claimed) const {
  if (claimed.bundle.empty())
    return BadInput("the bundle of case " + claimed.stored.id + " is no longer stored");
  auto staged = StagedUpload::Write(scratch_, claimed.bundle);
  if (!staged) return staged.error();
  CheckOptions options = base_;
  options.now = claimed.stored.submitted_at;
  auto outcome = CheckBundle(staged.value().path(), options);
  if (!outcome) return Error{outcome.error().kind, staged.value().Redact(outcome.error().message)};
  const auto& record = outcome.value().record;
  CaseCheck check{record.dump(), outcome.value().verdict.decision, CaseSignature(record), {}};
  if (auto runs = record.find("runs"); runs != record.end() && runs->is_array()) {
    for (const auto& run : *runs) ++check.runs_by_path[run.value("path", std::string("cold"))];
  }
  return check;
}

}  // namespace pocsift
