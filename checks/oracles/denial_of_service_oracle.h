// denial-of-service: a step's CPU time at or over the threshold (1 s on the reference machine,
// scaled by this host's calibration workload, measured in the same run), charged to whoever's
// frames the time was spent in: Django, the standard library (route python-security), another
// package (third-party), or the PoC's own code (not a vulnerability of anyone's).
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class DenialOfServiceOracle final : public Oracle {
 public:
  std::string_view name() const override { return "denial-of-service"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

// The CPU threshold for a run whose calibration workload took `calibration_ms`.
double ScaledCpuThresholdMs(double calibration_ms);

}  // namespace pocsift
