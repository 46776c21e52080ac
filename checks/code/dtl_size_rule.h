// dtl-over-100kb, static estimate (for --static-only): the PoC feeds request data to template
// rendering (a render with request data in its context, or a Template built from request
// source: checks/code/taint_analysis.h) and one step carries more request data than the limit
// (request target plus body, as the wire form measures them). The run-time measure (the
// harness counts the bytes each render resolves: engine/template_measure.h) decides when the
// PoC runs.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class DtlSizeRule final : public Rule {
 public:
  std::string_view id() const override { return "dtl-over-100kb"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
