// poc-missing: the bundle has no app code and no request steps (policy: "share a minimal
// Django project or code snippet that demonstrates the potential vulnerability").
#pragma once

#include "checks/rule.h"

namespace pocsift {

class PocMissingRule final : public Rule {
 public:
  std::string_view id() const override { return "poc-missing"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
