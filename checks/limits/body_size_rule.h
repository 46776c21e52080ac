// body-over-2.5mb: a step's body of more than 2,621,440 bytes, Django's default
// DATA_UPLOAD_MAX_MEMORY_SIZE. Generated bodies are measured without being built.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class BodySizeRule final : public Rule {
 public:
  std::string_view id() const override { return "body-over-2.5mb"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
