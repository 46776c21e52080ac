#include "checks/oracles/oracle_registry.h"

#include "checks/oracles/broken_authentication_oracle.h"
#include "checks/oracles/csrf_oracle.h"
#include "checks/oracles/denial_of_service_oracle.h"
#include "checks/oracles/exception_oracle.h"
#include "checks/oracles/log_injection_oracle.h"
#include "checks/oracles/open_redirect_oracle.h"
#include "checks/oracles/remote_code_execution_oracle.h"
#include "checks/oracles/sensitive_data_oracle.h"
#include "checks/oracles/sql_injection_oracle.h"
#include "checks/oracles/xss_oracle.h"

namespace pocsift {

const std::vector<std::unique_ptr<Oracle>>& Oracles() {
  static const auto* const kOracles = [] {
    auto* oracles = new std::vector<std::unique_ptr<Oracle>>();
    oracles->push_back(std::make_unique<SqlInjectionOracle>());
    oracles->push_back(std::make_unique<RemoteCodeExecutionOracle>());
    oracles->push_back(std::make_unique<XssOracle>());
    oracles->push_back(std::make_unique<CsrfOracle>());
    oracles->push_back(std::make_unique<DenialOfServiceOracle>());
    oracles->push_back(std::make_unique<BrokenAuthenticationOracle>());
    oracles->push_back(std::make_unique<SensitiveDataOracle>());
    oracles->push_back(std::make_unique<OpenRedirectOracle>());
    oracles->push_back(std::make_unique<LogInjectionOracle>());
    oracles->push_back(std::make_unique<ExceptionOracle>());
    return oracles;
  }();
  return *kOracles;
}

std::vector<OracleHit> ObserveRun(const Bundle& bundle, const RunRecord& run) {
  std::vector<OracleHit> hits;
  const OracleContext context = MakeOracleContext(bundle, run);
  for (std::size_t i = 0; i < run.steps.size() && i < context.wire.size(); ++i) {
    if (StringField(run.steps[i], "type") != "step") continue;
    for (const auto& oracle : Oracles()) {
      for (auto& hit : oracle->Observe(context, i, run.steps[i])) hits.push_back(std::move(hit));
    }
  }
  return hits;
}

}  // namespace pocsift
