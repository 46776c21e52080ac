// Oracle: decides from a run's observations whether an effect happened, never from the PoC's
// word. One file per oracle; checks/oracles/oracle_registry.cc lists them all.
//
// An effect counts only when it came out of Django's code: each hit says who performed it
// (`attributed_to`). A hit attributed to the PoC's own frames is kept as evidence for
// unsanitized-input but never makes a report eligible (design.md, "Oracles").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/oracles/observation.h"
#include "engine/bundle.h"
#include "engine/run_record.h"
#include "engine/wire_request.h"

namespace pocsift {

struct OracleHit {
  std::string oracle;
  std::string step;
  std::string attributed_to = "django";  // django | poc | stdlib | third-party | unknown
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
};

// What an oracle sees of one run: the bundle, the wire form of each step as this run sent it
// (with this run's placeholders), and the run itself.
struct OracleContext {
  const Bundle& bundle;
  const RunRecord& run;
  std::vector<std::optional<WireRequest>> wire;  // one per manifest step
};

OracleContext MakeOracleContext(const Bundle& bundle, const RunRecord& run);

class Oracle {
 public:
  virtual ~Oracle() = default;
  virtual std::string_view name() const = 0;
  // Looks at one step; `index` is its position in the manifest and in run.steps.
  virtual std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                         const Frame& step) const = 0;
};

}  // namespace pocsift
