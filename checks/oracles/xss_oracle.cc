#include "checks/oracles/xss_oracle.h"

namespace pocsift {

std::vector<OracleHit> XssOracle::Observe(const OracleContext& context, std::size_t,
                                          const Frame& step) const {
  const auto types = HeaderValues(step, "Content-Type");
  if (types.empty() || !types.front().starts_with("text/html")) return {};
  const std::string body = BodyText(step);
  const std::string& payload = context.run.secrets.placeholders.xss;
  const std::size_t at = body.find(payload);
  if (at == std::string::npos) return {};
  const auto view = ObjectField(step, "view");
  OracleHit hit{std::string(name()), StringField(step, "name"), "django"};
  hit.evidence = {{"payload", payload},
                  {"content_type", types.front()},
                  {"excerpt", body.substr(at > 120 ? at - 120 : 0, payload.size() + 240)},
                  {"view", StringField(view, "name")}};
  return {hit};
}

}  // namespace pocsift
