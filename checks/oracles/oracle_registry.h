// The one list of oracles, in the order their results are reported.
#pragma once

#include <memory>
#include <vector>

#include "checks/oracles/oracle.h"

namespace pocsift {

const std::vector<std::unique_ptr<Oracle>>& Oracles();

// Every hit of every oracle over every step of `run` that has a step frame.
std::vector<OracleHit> ObserveRun(const Bundle& bundle, const RunRecord& run);

}  // namespace pocsift
