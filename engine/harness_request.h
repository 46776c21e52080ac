// The request frame the harness (fixtures/harness/run.py) reads: the app, the variant's
// settings, the run's fresh secrets, and each step in its wire form (the exact bytes the size
// rules measured), so the harness sends what was judged.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/bundle.h"
#include "engine/run_secrets.h"

namespace pocsift {

// One column of the run matrix: which settings overrides the run applies.
struct RunVariant {
  std::string name;  // "reporter" (as the bundle says), "baseline" (production defaults), …
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
};

nlohmann::json BuildHarnessRequest(const Bundle& bundle, const RunVariant& variant,
                                   const RunSecrets& secrets,
                                   std::optional<std::uint64_t> size_override = std::nullopt);

}  // namespace pocsift
