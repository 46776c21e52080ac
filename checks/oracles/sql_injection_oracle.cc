#include "checks/oracles/sql_injection_oracle.h"

#include "checks/oracles/sql_tokens.h"
#include "engine/utf8.h"

namespace pocsift {
namespace {

std::string Excerpt(const std::string& sql, std::size_t at, std::size_t length) {
  const std::size_t begin = at > 200 ? at - 200 : 0;
  return std::string(Utf8Slice(sql, begin, length + 400));
}

}  // namespace

std::vector<OracleHit> SqlInjectionOracle::Observe(const OracleContext& context, std::size_t,
                                                   const Frame& step) const {
  const std::string& marker = context.run.secrets.placeholders.marker;
  for (const auto& statement : ArrayField(step, "sql")) {
    const std::string sql = StringField(statement, "sql");
    const std::size_t at = sql.find(marker);
    if (at == std::string::npos) continue;
    const SqlPlacement placement = PlaceInSql(LexSql(sql), at, marker.size());
    if (placement == SqlPlacement::kInsideString || placement == SqlPlacement::kInsideIdentifier)
      continue;
    OracleHit hit{std::string(name()), StringField(step, "name"),
                  AttributedOrigin(ArrayField(statement, "frames"), "django/db/backends/")};
    hit.evidence = {{"statement", Excerpt(sql, at, marker.size())},
                    {"marker", marker},
                    {"placement", SqlPlacementName(placement)},
                    {"params", StringField(statement, "params")},
                    {"failed", StringField(statement, "error")}};
    return {hit};
  }
  return {};
}

}  // namespace pocsift
