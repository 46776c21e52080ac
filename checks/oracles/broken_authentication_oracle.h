// broken-authentication: an anonymous or non-staff client was served a page of Django's admin
// (a protected view) instead of its login form, or got the staff-only canary row.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class BrokenAuthenticationOracle final : public Oracle {
 public:
  std::string_view name() const override { return "broken-authentication"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
