#include "checks/oracles/oracle.h"

namespace pocsift {

OracleContext MakeOracleContext(const Bundle& bundle, const RunRecord& run) {
  return {bundle, run,
          BuildWireSteps(bundle.manifest.steps, bundle.files, run.secrets.placeholders,
                         run.swept_size)};
}

}  // namespace pocsift
