#include "checks/oracles/log_injection_oracle.h"

#include "checks/oracles/observation.h"
#include "engine/utf8.h"

namespace pocsift {
namespace {

constexpr std::string_view kControls = "\r\n\x1b";

// Whether the request could have carried control characters: percent-encoded in its target
// (%0D %0A %1B) or raw in a header or body the harness sent.
bool RequestCarriesControls(const WireRequest& wire) {
  for (const char* encoded : {"%0d", "%0D", "%0a", "%0A", "%1b", "%1B"}) {
    if (wire.target.find(encoded) != std::string::npos) return true;
  }
  return wire.body.find_first_of(kControls) != std::string::npos;
}

}  // namespace

std::vector<OracleHit> LogInjectionOracle::Observe(const OracleContext& context,
                                                   std::size_t index, const Frame& step) const {
  const auto& wire = context.wire[index];
  if (!wire || !RequestCarriesControls(*wire)) return {};
  for (const auto& log : ArrayField(step, "logs")) {
    const std::string message = StringField(log, "message");
    if (message.find_first_of(kControls) == std::string::npos) continue;
    OracleHit hit{std::string(name()), StringField(step, "name"), OriginOf(log)};
    hit.evidence = {{"logger", StringField(log, "logger")},
                    {"level", StringField(log, "level")},
                    {"message", Utf8Slice(message, 0, 500)}};
    return {hit};
  }
  return {};
}

}  // namespace pocsift
