// Scaling down a payload that breaks a size rule (docs/reproduction.md, "Scaled down"): a
// bundle that breaks a size rule only through a generated payload (a body_repeat count, a
// {{size:N}} value) runs at the largest size the size rules accept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/policy_catalogue.h"
#include "engine/bundle.h"

namespace pocsift {

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

// The largest {{size:N}} of any request step, if the bundle has one.
std::optional<std::uint64_t> SweepSize(const Bundle& bundle);

}  // namespace pocsift
