// xss: the run's {{xss}} payload appears unescaped in an HTML response.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class XssOracle final : public Oracle {
 public:
  std::string_view name() const override { return "xss"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
