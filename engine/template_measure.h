// dtl-over-100kb, run-time side: the harness (fixtures/harness/template_meter.py) counts, for
// every template render of a step, the bytes the Django Template Language processed: the
// values variables resolved to (the inputs of filters) and the source of templates compiled
// from strings. A step whose largest render is over the limit fails the rule; the finding
// names the runtime, step and bytes. Reads the runs as the case record holds them.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "checks/finding.h"

namespace pocsift {

// nullopt when no run measured a render (nothing to add to the static estimate).
std::optional<Finding> MeasuredTemplateInput(const nlohmann::ordered_json& runs, std::uint64_t limit);

}  // namespace pocsift
