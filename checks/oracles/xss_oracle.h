// xss: the run's {{xss}} payload appears unescaped in an HTML response.
//
// Who performed it comes from the harness's response provenance (recorders.py): the first
// SafeString holding the payload says who made it safe markup. mark_safe() called by the PoC's
// code, Django's documented-unsafe |safe and |safeseq filters, or autoescape switched off, in a
// template of the PoC's, are the PoC's doing (unsanitized-input); markup that Django's own code
// produced is Django's. A payload never marked safe is attributed to the code that wrote it into
// the response's content (HttpResponse(request.GET[...]) in a view is the PoC's).
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class XssOracle final : public Oracle {
 public:
  std::string_view name() const override { return "xss"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

// Who put the payload into the response, from a step's response provenance: the origin
// ("django", "poc", "third-party", "unknown") and evidence {performed_by, via, template?}.
struct XssAttribution {
  std::string origin = "unknown";
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
};
XssAttribution AttributeXss(const Frame& provenance);

}  // namespace pocsift
