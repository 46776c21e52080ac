// instructions-missing: poc.json names no instructions file, or the file holds only
// white space (policy: "include clear instructions on how to set up, run, and reproduce").
#pragma once

#include "checks/rule.h"

namespace pocsift {

class InstructionsMissingRule final : public Rule {
 public:
  std::string_view id() const override { return "instructions-missing"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
