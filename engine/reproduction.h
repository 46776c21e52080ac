// Reproduction: plans and runs the matrix for one bundle in phases, then observes it.
//  1. every runtime × the variants its settings call for (PlanVariants), and for a bundle with
//     {{size:N}} the sweep points N/8, N/4, N/2 under the baseline settings;
//  2. every (runtime, variant) where an oracle fired is run again until it has `repeats` runs,
//     so a verdict never rests on one lucky run (ClusterFuzz's reliability check);
//  3. with both upload limits and DEBUG overridden, the one-class-removed variants on the
//     runtimes that reproduced, to tell which class the reproduction needs.
//
// A bundle that breaks a size rule only through a generated payload is run scaled down to the
// largest size within the limit (PlanScaleDown below); the verdict stays ineligible for the
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

// --- Scaling down a payload that breaks a size rule -------------------------------------------

// One failed size measurement, as written and as the scaled-down run sends it.
struct ScaledField {
  std::string rule;  // url-over-8k | header-over-8k | body-over-2.5mb
  std::string step;
  std::string field;  // as the size rule names it: "body (body_repeat)", "request target", …
  std::uint64_t measured = 0;   // bytes as written
  std::uint64_t scaled_to = 0;  // bytes in the scaled-down run
  std::uint64_t limit = 0;
};

// A literal body_repeat count scaled down.
struct ScaledCount {
  std::size_t step_index = 0;
  std::string step;
  std::uint64_t from = 0;
  std::uint64_t to = 0;
};

// How a bundle that breaks a size rule is run. Sizes are measured by the size rules
// themselves (checks/limits, engine/wire_request, engine/placeholders), so "within the limit"
// means exactly what the rules accept: the request target and each header line under 8,192
// bytes, the body at most 2,621,440.
struct ScaleDown {
  std::vector<std::string> rules;  // the size rules the bundle breaks as written; empty: none
  // Set when data written out in full (a body, body_file, form, json, query, header or cookie,
  // or a body_repeat's prefix and suffix) breaks a limit even with every generated payload at
  // zero: the bundle is not run, and this says why.
  std::string not_scalable;
  std::optional<std::uint64_t> size_from;  // the largest {{size:N}} written …
  std::optional<std::uint64_t> size_to;    // … and the largest N within every limit
  std::vector<ScaledCount> counts;         // body_repeat counts written as integers
  std::vector<ScaledField> fields;         // every failed measurement, before and after

  bool needed() const { return !rules.empty(); }
  bool runnable() const { return needed() && not_scalable.empty(); }
  nlohmann::ordered_json ToJson() const;
};

// Finds, for a bundle whose size rules fail, the largest generated payload within every
// limit: the largest {{size:N}} (one value for every step, as in a sweep), then the largest
// count of each failing step's literal body_repeat. Sizes grow with N and with a count, so a
// binary search over each finds the largest value the size rules pass.
ScaleDown PlanScaleDown(const Bundle& bundle, const PolicyLimits& limits);

// `bundle` with the scaled counts of `scale` written in; {{size:N}} goes through size_cap.
Bundle ScaledBundle(const Bundle& bundle, const ScaleDown& scale);

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
