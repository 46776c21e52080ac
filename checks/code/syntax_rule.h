// poc-missing, for code that does not parse: each app module that CPython's own parser (run in
// the sandbox by fixtures/harness/analyze.py) rejects is a fail with the file, line and the
// parser's message. Design.md: "PoC code that does not parse is reported under poc-missing".
// The other half of poc-missing (no app code and no request steps) is
// checks/guidelines/poc_missing_rule.h.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class PocSyntaxRule final : public Rule {
 public:
  std::string_view id() const override { return "poc-missing"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
