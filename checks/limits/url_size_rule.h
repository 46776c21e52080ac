// url-over-8k: a step's request target (path, "?", percent-encoded query) of 8,192 bytes or
// more. Production servers refuse such request lines (Gunicorn's limit_request_line 4094 by
// default and at most 8190; Nginx's large_client_header_buffers 8k; Apache's LimitRequestLine).
#pragma once

#include "checks/rule.h"

namespace pocsift {

class UrlSizeRule final : public Rule {
 public:
  std::string_view id() const override { return "url-over-8k"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
