// open-redirect: a 3xx response whose Location points at {{evil_host}} or any host outside
// ALLOWED_HOSTS, including the forms browsers read as another host ("//host", "/\host",
// "\\host", "scheme://host").
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class OpenRedirectOracle final : public Oracle {
 public:
  std::string_view name() const override { return "open-redirect"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

// The host a browser would go to for `location`, or "" when it stays on the same origin.
std::string RedirectHost(std::string_view location);

}  // namespace pocsift
