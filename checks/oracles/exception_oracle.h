// exception: an unhandled exception escaped to Django's handler (a 500). Informational: it
// records the innermost frames but never makes a report eligible on its own.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class ExceptionOracle final : public Oracle {
 public:
  std::string_view name() const override { return "exception"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
