// remote-code-execution: the target tried to start a process, exec, or load native code
// (Python audit events; the seccomp denials of the run as corroboration), or evaluated code
// that carries the request's marker.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class RemoteCodeExecutionOracle final : public Oracle {
 public:
  std::string_view name() const override { return "remote-code-execution"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
