// The pipeline for one bundle: load -> static rules -> (runs, later) -> verdict -> case record.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "checks/finding.h"
#include "engine/affected_versions.h"
#include "engine/bundle.h"
#include "engine/dates.h"
#include "engine/result.h"
#include "engine/runtimes.h"
#include "engine/verdict.h"

namespace pocsift {

struct CheckOptions {
  std::optional<std::string> received;  // --received; wins over the manifest
  bool static_only = false;
  Instant now;  // the clock, injected; used when nothing else gives `received`
  // The installed runtimes; empty when none are installed (the record then lists the supported
  // series as not tested).
  std::vector<Runtime> runtimes;
  std::string runtimes_unavailable;  // why there are none, when that is the case
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
