// unsanitized-input (static side): request data reaches an API that Django documents as the
// developer's responsibility, with no sanitizer on the way (checks/code/taint_analysis.h over
// the catalogue in checks/data/taint_catalogue.json). Flows into documented-safe APIs (ORM
// keyword arguments, Q(**…), annotate(**…), autoescaped templates) never fail it: they are
// listed as evidence on the finding, since that is what a real Django vulnerability looks like.
// Also fails a CSRF claim whose view switches CSRF protection off itself (@csrf_exempt).
//
// The run-time side (engine/dynamic_assessment.cc: the PoC's own frames performed the effect)
// adds its own finding; engine/code_analysis.h merges the two into one.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class UnsanitizedInputRule final : public Rule {
 public:
  std::string_view id() const override { return "unsanitized-input"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
