// Judging measured sizes against a limit: the part every size rule shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/finding.h"
#include "checks/rule.h"

namespace pocsift {

// One measured field of one step's wire form.
struct SizeMeasurement {
  std::size_t step_index = 0;
  std::string field;  // "request target", "header Cookie", "body (body_repeat)"
  std::uint64_t measured = 0;
  std::optional<std::uint64_t> size_placeholder;  // the {{size:N}} the request was built with
};

struct SizeLimit {
  std::uint64_t bytes = 0;
  bool inclusive = false;  // whether `bytes` itself is allowed
};

// A fail finding per measurement over `limit`, each with evidence {step, field, measured,
// limit, allowed, size_placeholder?}; or, when none is over, one pass finding whose evidence
// is the largest measurement (so a boundary case shows how close it came).
std::vector<Finding> JudgeSizes(std::string_view rule, const CheckContext& context,
                                const std::vector<SizeMeasurement>& measurements,
                                SizeLimit limit);

}  // namespace pocsift
