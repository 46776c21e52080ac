#include "checks/oracles/broken_authentication_oracle.h"

namespace pocsift {

std::vector<OracleHit> BrokenAuthenticationOracle::Observe(const OracleContext& context,
                                                           std::size_t index,
                                                           const Frame& step) const {
  const auto& request = context.bundle.manifest.steps[index].request;
  const auto& wire = context.wire[index];
  if (!request || !wire || (request->user != "anonymous" && request->user != "user")) return {};
  if (ResponseStatus(step) != 200) return {};
  const std::string body = BodyText(step);
  const bool admin_page = wire->target.starts_with("/admin/") &&
                          body.find("name=\"password\"") == std::string::npos;
  const bool canary = body.find(context.run.secrets.canaries.row) != std::string::npos;
  if (!admin_page && !canary) return {};
  OracleHit hit{std::string(name()), StringField(step, "name"), "django"};
  hit.evidence = {{"client", request->user},
                  {"target", wire->target.substr(0, 300)},
                  {"served", admin_page ? "an admin page" : "the staff-only canary row"}};
  return {hit};
}

}  // namespace pocsift
