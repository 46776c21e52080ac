#include "checks/oracles/csrf_oracle.h"

#include <algorithm>

#include "engine/utf8.h"

namespace pocsift {
namespace {

bool Unsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS" && method != "TRACE";
}

bool CarriesToken(const WireRequest& wire) {
  if (wire.body.find("csrfmiddlewaretoken") != std::string::npos) return true;
  return std::any_of(wire.header_lines.begin(), wire.header_lines.end(), [](const std::string& l) {
    return l.starts_with("X-CSRFToken:") || l.starts_with("X-Csrftoken:");
  });
}

bool CsrfMiddlewareOn(const Frame& ready) {
  for (const auto& entry : ArrayField(ready, "middleware")) {
    if (entry.is_string() && entry.get<std::string>() == "django.middleware.csrf.CsrfViewMiddleware")
      return true;
  }
  return false;
}

// The first statement that wrote application data, or "".
std::string DataWrite(const Frame& step) {
  for (const auto& statement : ArrayField(step, "sql")) {
    const std::string sql = StringField(statement, "sql");
    const bool write = sql.starts_with("INSERT") || sql.starts_with("UPDATE") ||
                       sql.starts_with("DELETE");
    if (write && sql.find("django_session") == std::string::npos && StringField(statement, "error").empty())
      return sql;
  }
  return "";
}

}  // namespace

std::vector<OracleHit> CsrfOracle::Observe(const OracleContext& context, std::size_t index,
                                           const Frame& step) const {
  const auto& wire = context.wire[index];
  if (!wire || !Unsafe(wire->method) || CarriesToken(*wire)) return {};
  if (!CsrfMiddlewareOn(context.run.ready) || ResponseStatus(step) >= 400) return {};
  const std::string write = DataWrite(step);
  if (write.empty()) return {};
  const Frame& view = ObjectField(step, "view");
  const bool exempt = view.is_object() && view.value("csrf_exempt", false);
  OracleHit hit{std::string(name()), StringField(step, "name"), exempt ? "poc" : "django"};
  hit.evidence = {{"method", wire->method},
                  {"status", ResponseStatus(step)},
                  {"write", Utf8Slice(write, 0, 500)},
                  {"view", StringField(view, "name")},
                  {"view_csrf_exempt", exempt}};
  return {hit};
}

}  // namespace pocsift
