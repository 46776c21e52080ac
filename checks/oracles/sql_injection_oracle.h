// sql-injection: request-borne text (the run's {{marker}}) in the SQL text of a statement
// Django sent, not in its bound parameters, and not wholly inside one quoted string literal or
// identifier (a user-chosen alias that Django quotes correctly is not an injection). A
// statement that then failed to execute still counts.
#pragma once

#include "checks/oracles/oracle.h"

namespace pocsift {

class SqlInjectionOracle final : public Oracle {
 public:
  std::string_view name() const override { return "sql-injection"; }
  std::vector<OracleHit> Observe(const OracleContext& context, std::size_t index,
                                 const Frame& step) const override;
};

}  // namespace pocsift
