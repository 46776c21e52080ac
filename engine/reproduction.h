// Reproduction: plans and runs the matrix for one bundle in phases, then observes it.
//  1. every runtime × the variants its settings call for (PlanVariants), and for a bundle with
//     {{size:N}} the sweep points N/8, N/4, N/2 under the baseline settings;
//  2. every (runtime, variant) where an oracle fired is run again until it has `repeats` runs,
//     so a verdict never rests on one lucky run (ClusterFuzz's reliability check);
//  3. with both upload limits and DEBUG overridden, the one-class-removed variants on the
//     runtimes that reproduced, to tell which class the reproduction needs.
//
// A bundle that breaks a size rule only through a generated payload is run scaled down to the
// largest size within the limit (engine/scale_down.h); the verdict stays ineligible for the
// size rule and the scaled-down result is evidence (docs/reproduction.md, "Scaled down").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checks/oracles/oracle_registry.h"
#include "checks/policy_catalogue.h"
#include "engine/dynamic_assessment.h"
#include "engine/run_matrix.h"
#include "engine/scale_down.h"

namespace pocsift {

// The variants for a bundle's settings: always "baseline" (production defaults: every
// override that is not ordinary removed); "reporter" when some override is not ordinary; and
// "reporter-without-limits-debug" when uncommon options come with limits or DEBUG.
std::vector<RunVariant> PlanVariants(const Bundle& bundle);

struct ReproductionOptions {
  std::vector<Runtime> runtimes;
  int repeats = 3;
  MatrixOptions matrix;
  // The {{size:N}} every run uses instead of the largest N written (a scaled-down N); the
  // sweep then runs its N/8, N/4, N/2.
  std::optional<std::uint64_t> size_cap;
};

struct Reproduction {
  std::vector<RunRecord> runs;  // every run, in the order they were planned
  std::vector<ObservedRun> observed;  // one per run, pointing into `runs`

  Reproduction() = default;
  Reproduction(const Reproduction&) = delete;
  Reproduction& operator=(const Reproduction&) = delete;
};

// Errors only when the bundle cannot be staged; failed runs are in the result.
Status Reproduce(const Bundle& bundle, const ReproductionOptions& options, Reproduction& out);

}  // namespace pocsift
