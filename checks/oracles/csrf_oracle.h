// csrf: a state-changing request that carried no CSRF token changed data (an INSERT, UPDATE or
// DELETE outside the session table) with CsrfViewMiddleware on, and was not refused. A view the
// PoC marked csrf_exempt is the PoC's choice, not Django's flaw.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class CsrfOracle final : public Oracle {
 public:
  std::string_view name() const override { return "csrf"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
