// sensitive-data-exposure: a canary of the run (SECRET_KEY, a seeded password or its hash, the
// canary row, the canary file, the environment canary) in a response, a log record or mail.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class SensitiveDataOracle final : public Oracle {
 public:
  std::string_view name() const override { return "sensitive-data-exposure"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
