// header-over-8k: a header field line ("Name: value", all cookies as one "Cookie: …" line) of
// 8,192 bytes or more. Gunicorn and Apache cap a field at 8,190 bytes, Nginx at one 8K buffer.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class HeaderSizeRule final : public Rule {
 public:
  std::string_view id() const override { return "header-over-8k"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
