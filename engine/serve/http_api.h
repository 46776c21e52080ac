// The HTTP API of `pocsift serve` (docs/serve.md), installed on a cpp-httplib server:
//
//   POST /v1/cases                   submit   a bundle archive as the body -> 202 (200 when the
//                                             same submitter sent the same bundle before)
//   GET  /v1/cases/{id}              read, own case with submit, or the case's link key
//   GET  /v1/cases?decision=&status=&since=&limit=     read: all; submit: one's own
//   POST /v1/cases/{id}/override     admin    {"decision", "severity", "reason"}
//   GET  /v1/cases/{id}/access-log   admin
//   GET  /healthz                    none
//   GET  /metrics                    read     Prometheus text
//   GET  /, /page.css, /page.js      none     the reporter page
//
// Credentials: `Authorization: Bearer <token>` (api_tokens.h), or for one case the reporter
// link's key in `X-Pocsift-Case-Key`. Never in the URL: a query that carries one is refused.
// A case the caller may not see is answered exactly like a case that does not exist (404).
//
// Handlers catch every exception (the library boundary) and answer JSON errors
// (http_errors.h). Thread-safe: handlers run on the connection pool's threads.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <mutex>

#include "engine/bundle_limits.h"
#include "engine/serve/api_tokens.h"
#include "engine/serve/case_store.h"
#include "engine/serve/serve_metrics.h"
#include "engine/serve/serve_options.h"

namespace pocsift {

struct ServeApiDeps {
  CaseStore& store;
  const ApiTokens& tokens;
  ServeMetrics& metrics;
  std::function<void()> case_queued;  // wakes a worker
  ServeLimits limits;
  std::filesystem::path scratch;  // where uploads are staged for validation
  std::function<Instant()> clock;
};

class ServeApi {
 public:
  explicit ServeApi(ServeApiDeps deps) : deps_(std::move(deps)) {}

  // Installs the routes, hooks, limits and timeouts on `server`; this must outlive it.
  void Register(httplib::Server& server);

 private:
  // The caller's principal, or nullopt after answering 401/403 on `res`.
  std::optional<Principal> Authorize(const httplib::Request& req, httplib::Response& res,
                                     Role role);
  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res);
  void Submit(const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader& reader);
  void GetCase(const httplib::Request& req, httplib::Response& res);
  void ListCases(const httplib::Request& req, httplib::Response& res);
  void OverrideVerdict(const httplib::Request& req, httplib::Response& res);
  void GetAccessLog(const httplib::Request& req, httplib::Response& res);
  void Health(httplib::Response& res);
  void Metrics(const httplib::Request& req, httplib::Response& res);
  void Log(const std::string& who, const std::string& action, const std::string& case_id);

  ServeApiDeps deps_;
  std::mutex submit_mutex_;  // limits checked and the case inserted as one step
};

}  // namespace pocsift
