// code-screenshot: images stand where code is expected. Fails when an image file lies inside
// the app package, when the bundle's only "code" is images (images and no Python file), or
// when the instructions embed an image whose name or caption says it is code
// (`![views](views.png)`, "screenshot"). Policy: "Do not attach screenshots of code."
#pragma once

#include "checks/rule.h"

namespace pocsift {

class CodeScreenshotRule final : public Rule {
 public:
  std::string_view id() const override { return "code-screenshot"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
