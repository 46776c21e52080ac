#include "checks/oracles/oracle.h"

namespace pocsift {

OracleContext MakeOracleContext(const Bundle& bundle, const RunRecord& run) {
  OracleContext context{bundle, run, {}};
  for (const auto& step : bundle.manifest.steps) {
    if (step.request) {
      context.wire.push_back(
          BuildWireRequest(*step.request, bundle.files, run.secrets.placeholders, run.swept_size));
    } else {
      context.wire.push_back(std::nullopt);
    }
  }
  return context;
}

}  // namespace pocsift
