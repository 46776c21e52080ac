// open-redirect: a 3xx response whose Location points at {{evil_host}} or any host outside
// ALLOWED_HOSTS, including the forms browsers read as another host ("//host", "/\host",
// "\\host", "scheme://host").
//
// Who performed it comes from the harness's response provenance (recorders.py): the code that
// set that Location header. HttpResponseRedirect and redirect() only carry the URL they are
// given, so a view that redirects to request data itself is the PoC's doing
// (unsanitized-input); a Location that Django's own code chose (a login view's `next`, a
// middleware's redirect) is Django's.
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

// Who set the Location header `location`, from a step's response provenance: the origin
// ("django", "poc", "third-party", "unknown") and the frame that did it (null when unknown).
struct RedirectAttribution {
  std::string origin = "unknown";
  nlohmann::ordered_json performed_by = nullptr;
};
RedirectAttribution AttributeRedirect(const Frame& provenance, std::string_view location);

}  // namespace pocsift
