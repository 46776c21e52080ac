#include "checks/oracles/sensitive_data_oracle.h"

namespace pocsift {
namespace {

using Named = std::vector<std::pair<std::string, std::string>>;

Named CanariesOf(const RunRecord& run) {
  Named canaries = run.secrets.canaries.Named();
  canaries.emplace_back("SECRET_KEY", run.secrets.secret_key);
  for (const auto& [role, hash] : ObjectField(run.ready, "password_hashes").items()) {
    if (hash.is_string()) canaries.emplace_back("password hash of " + role, hash.get<std::string>());
  }
  return canaries;
}

// (where, text) pairs of everything the step exposed.
Named Exposures(const Frame& step) {
  Named places = {{"response body", BodyText(step)}};
  for (const auto& header : ArrayField(step, "headers")) places.emplace_back("response headers", header.dump());
  for (const auto& log : ArrayField(step, "logs")) places.emplace_back("log record", StringField(log, "message"));
  for (const auto& mail : ArrayField(step, "mail")) places.emplace_back("sent mail", mail.dump());
  return places;
}

}  // namespace

std::vector<OracleHit> SensitiveDataOracle::Observe(const OracleContext& context, std::size_t,
                                                    const Frame& step) const {
  const Named exposures = Exposures(step);
  for (const auto& [canary_name, value] : CanariesOf(context.run)) {
    if (value.empty()) continue;
    for (const auto& [where, text] : exposures) {
      if (text.find(value) == std::string::npos) continue;
      OracleHit hit{std::string(name()), StringField(step, "name"), "django"};
      hit.evidence = {{"canary", canary_name}, {"where", where}};
      return {hit};
    }
  }
  return {};
}

}  // namespace pocsift
