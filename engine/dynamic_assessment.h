// From the runs of the matrix to findings: which oracles fired where and how steadily, the
// affected-versions table, and the assessment rules decided by running the PoC
// (not-reproduced, unsupported-version-only, hardening, debug-only, uncommon-config,
// python-stdlib, third-party, and unsanitized-input when the PoC's own code did the deed).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.h"
#include "checks/oracles/oracle.h"
#include "engine/affected_versions.h"
#include "engine/bundle.h"
#include "engine/releases.h"
#include "engine/run_record.h"
#include "engine/verdict.h"

namespace pocsift {

// Variant names the assessment understands.
inline constexpr std::string_view kBaselineVariant = "baseline";       // production defaults
inline constexpr std::string_view kReporterVariant = "reporter";       // the bundle's settings
inline constexpr std::string_view kNoLimitsDebugVariant = "reporter-without-limits-debug";
inline constexpr std::string_view kNoLimitsVariant = "reporter-without-limits";
inline constexpr std::string_view kNoDebugVariant = "reporter-without-debug";
// Baseline settings at the smaller points N/8, N/4, N/2 of a {{size:N}} sweep.
inline constexpr std::string_view kSweepVariant = "baseline-sweep";

// The growth exponent of CPU time over size: the least-squares slope of log(cpu) on log(size).
// nullopt with fewer than three usable points (cpu > 0, distinct sizes).
std::optional<double> GrowthExponent(const std::vector<std::pair<double, double>>& size_cpu);

// A run with the oracles' hits over it.
struct ObservedRun {
  const RunRecord* run;
  std::vector<OracleHit> hits;
};

// True when `hit` counts as a reproduction: not informational, and performed by code that is
// not the PoC's own.
bool IsReproduction(const OracleHit& hit);

struct DynamicAssessment {
  DynamicOutcome outcome;
  std::vector<Finding> findings;
  nlohmann::ordered_json oracles = nlohmann::ordered_json::array();
  nlohmann::ordered_json claim_check = nlohmann::ordered_json::object();
};

DynamicAssessment AssessRuns(const Bundle& bundle, const std::vector<ObservedRun>& runs,
                             const ReleaseTable& releases, Date received,
                             std::vector<AffectedRow>& affected);

}  // namespace pocsift
