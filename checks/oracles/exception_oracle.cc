#include "checks/oracles/exception_oracle.h"

namespace pocsift {

std::vector<OracleHit> ExceptionOracle::Observe(const OracleContext&, std::size_t,
                                                const Frame& step) const {
  const auto& exceptions = ArrayField(step, "exceptions");
  if (exceptions.empty()) return {};
  const auto& first = exceptions.front();
  OracleHit hit{std::string(name()), StringField(step, "name"),
                AttributedOrigin(ArrayField(first, "frames"))};
  hit.evidence = {{"type", StringField(first, "type")},
                  {"message", StringField(first, "message")},
                  {"status", ResponseStatus(step)},
                  {"frames", nlohmann::ordered_json::parse(ArrayField(first, "frames").dump())}};
  return {hit};
}

}  // namespace pocsift
