// manual-action: the PoC depends on manual actions on code outside Django — a `manage` step
// that is not the engine's own set-up (`migrate`, `loaddata` of the bundle's fixtures,
// `createsuperuser --noinput` with standard options), or with other options; or instructions
// that have the reader run another management command (`manage.py shell`, `startapp
// --template …`). Policy: "management commands with non-standard or insecure options".
#pragma once

#include "checks/rule.h"

namespace pocsift {

class ManualActionRule final : public Rule {
 public:
  std::string_view id() const override { return "manual-action"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
