// broken-authentication: an anonymous or non-staff client was served a page of Django's admin
// (a protected view) instead of its login form, or got the staff-only canary row.
//
// Who performed it: when this client's session was logged in, in this step or an earlier one,
// by a login() call that the PoC's own code made (a view that logs a session in without
// checking a password; the harness records every login with its stack, recorders.py), the
// PoC's; otherwise Django's.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class BrokenAuthenticationOracle final : public Oracle {
 public:
  std::string_view name() const override { return "broken-authentication"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

// The login() call that the PoC's own frames made for `client` in steps 0..index of the run,
// as {user, step, performed_by}; null when there was none.
nlohmann::ordered_json PocLoginOf(const OracleContext& context, std::size_t index,
                                  const std::string& client);

}  // namespace pocsift
