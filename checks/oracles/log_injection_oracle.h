// log-injection: a log record written by Django's code carries a raw CR, LF or ESC that came
// from the request (CVE-2025-48432 is the model: django.request logged request.path raw).
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class LogInjectionOracle final : public Oracle {
 public:
  std::string_view name() const override { return "log-injection"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
