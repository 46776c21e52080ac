// The shape every size rule's failure shares: which step, which field, measured, limit.
#pragma once

#include <cstdint>
#include <string>

#include "checks/finding.h"
#include "engine/manifest.h"

namespace pocsift {

// A failed size finding for `step`: evidence {step, field, measured, limit, allowed, size_placeholder?};
// `limit_inclusive` says whether `limit` itself is allowed and
// the manifest location of the step.
Finding SizeViolation(std::string_view rule, const Step& step, const std::string& field,
                      std::uint64_t measured, std::uint64_t limit, bool limit_inclusive,
                      std::optional<std::uint64_t> swept_size);

}  // namespace pocsift
