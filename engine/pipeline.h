// The pipeline for one bundle: load -> static rules -> runs in the sandbox (engine/reproduction)
// -> oracles and dynamic rules -> verdict -> case record.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "checks/finding.h"
#include "engine/affected_versions.h"
#include "engine/bundle.h"
#include "engine/dates.h"
#include "engine/result.h"
#include "engine/run_record.h"
#include "engine/runtimes.h"
#include "engine/verdict.h"

namespace pocsift {

class WarmPool;

struct CheckOptions {
  std::optional<std::string> received;  // --received; wins over the manifest
  bool static_only = false;
  Instant now;  // the clock, injected; used when nothing else gives `received`
  // The installed runtimes; empty when none are installed (the record then lists the supported
  // series as not tested).
  std::vector<Runtime> runtimes;
  std::string runtimes_unavailable;  // why there are none, when that is the case
  int jobs = 2;     // runs in parallel
  int repeats = 3;  // runs of every (runtime, variant) where an oracle fired
  // Warm fork servers for the runs (engine/warm_pool.h); null runs everything cold (--cold).
  WarmPool* warm_pool = nullptr;
  // Called after each sandboxed run (serialized), e.g. for a progress line.
  std::function<void(const RunRecord&, std::size_t done, std::size_t total)> progress;
};

struct CaseOutcome {
  Bundle bundle;
  std::vector<Finding> findings;
  Verdict verdict;
  std::vector<AffectedRow> affected;
  nlohmann::ordered_json record;
};

// Bad bundles are kBadInput errors; a bad --received is kBadInput too.
Result<CaseOutcome> CheckBundle(const std::filesystem::path& bundle_path,
                                const CheckOptions& options);

}  // namespace pocsift
