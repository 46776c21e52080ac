#include "engine/serve/http_api.h"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/bundle.h"
#include "engine/one_line.h"
#include "engine/run_secrets.h"
#include "engine/serve/case_view.h"
#include "engine/serve/connection_pool.h"
#include "engine/serve/http_errors.h"
#include "engine/serve/reporter_page.h"
#include "engine/serve/staged_upload.h"

namespace pocsift {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kCaseIdPattern = "([A-Za-z0-9-]{1,64})";

void SendJson(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  // Bytes that are not UTF-8 (quoted from a request) become U+FFFD rather than an exception.
  res.set_content(body.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n",
                  "application/json");
}

bool OneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (value == a) return true;
  return false;
}

// Runs a handler behind the library boundary: nothing it throws reaches cpp-httplib.
template <class Fn>
void Guarded(httplib::Response& res, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    std::cerr << "pocsift serve: handler failed: " << OneLine(e.what()) << "\n";
    SendError(res, 500, "internal", "the server failed while answering");
  }
}

}  // namespace

void ServeApi::Register(httplib::Server& server) {
  const ServeLimits& limits = deps_.limits;
  server.set_payload_max_length(limits.max_upload_bytes);
  server.set_read_timeout(limits.read_timeout_seconds, 0);
  server.set_write_timeout(limits.write_timeout_seconds, 0);
  server.set_keep_alive_timeout(limits.keep_alive_seconds);
  server.set_keep_alive_max_count(100);
  // Small JSON answers must not wait for the peer's delayed ACK (Nagle: ~40 ms each).
  server.set_tcp_nodelay(true);
  server.set_default_headers({{"Cache-Control", "no-store"},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"}});

  server.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return PreRoute(req, res); });
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        return FillDefaultError(res) ? httplib::Server::HandlerResponse::Handled
                                     : httplib::Server::HandlerResponse::Unhandled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendError(res, 500, "internal", "the server failed while answering");
      });
  server.set_logger([this](const httplib::Request&, const httplib::Response& res) {
    deps_.metrics.HttpResponse(res.status);
  });

  const std::string case_path = "/v1/cases/" + std::string(kCaseIdPattern);
  server.Post("/v1/cases", [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
    Guarded(res, [&] { Submit(req, res, reader); });
  });
  server.Get("/v1/cases", [this](const httplib::Request& req, httplib::Response& res) {
    Guarded(res, [&] { ListCases(req, res); });
  });
  server.Get(case_path, [this](const httplib::Request& req, httplib::Response& res) {
    Guarded(res, [&] { GetCase(req, res); });
  });
  server.Post(case_path + "/override", [this](const httplib::Request& req, httplib::Response& res) {
    Guarded(res, [&] { OverrideVerdict(req, res); });
  });
  server.Get(case_path + "/access-log",
             [this](const httplib::Request& req, httplib::Response& res) {
               Guarded(res, [&] { GetAccessLog(req, res); });
             });
  server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    Guarded(res, [&] { Health(res); });
  });
  server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
    Guarded(res, [&] { Metrics(req, res); });
  });
  for (const auto& asset : PageAssets()) {
    server.Get(std::string(asset.url), [&asset](const httplib::Request&, httplib::Response& res) {
      // The page loads only its own script and style, and nothing may frame it.
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; "
                     "connect-src 'self'; img-src 'self'; form-action 'none'; "
                     "frame-ancestors 'none'; base-uri 'none'");
      res.set_header("X-Frame-Options", "DENY");
      res.set_content(std::string(asset.body), std::string(asset.content_type));
    });
  }
}

httplib::Server::HandlerResponse ServeApi::PreRoute(const httplib::Request& req,
                                                    httplib::Response& res) {
  using HR = httplib::Server::HandlerResponse;
  // Every answer is whole: a Range header is ignored, as RFC 9110 section 14.2 allows.
  // cpp-httplib 0.11 would otherwise cut any answer to the range, a 401's JSON included, and
  // keep its status (a 200 with a Content-Range instead of a 206). The request object is the
  // library's own non-const local, handed here as const; nothing reads its ranges before.
  const_cast<httplib::Request&>(req).ranges.clear();
  if (ConnectionPool::Shedding()) {
    deps_.metrics.Rejected("overloaded");
    SendRetryLater(res, 503, "overloaded", "the server has too many connections; retry later",
                   deps_.limits.retry_after_seconds);
    res.set_header("Connection", "close");
    return HR::Handled;
  }
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : req.headers) header_bytes += name.size() + value.size() + 4;
  if (header_bytes > deps_.limits.max_header_bytes) {
    SendError(res, 431, "headers_too_large",
              "the request headers are " + std::to_string(header_bytes) + " bytes; the limit is " +
                  std::to_string(deps_.limits.max_header_bytes));
    res.set_header("Connection", "close");
    return HR::Handled;
  }
  for (const char* name : {"token", "access_token", "key", "api_key"}) {
    if (req.has_param(name)) {
      SendError(res, 400, "credentials_in_url",
                "credentials are never accepted in the URL; send Authorization: Bearer <token>");
      return HR::Handled;
    }
  }
  return HR::Unhandled;
}

std::optional<Principal> ServeApi::Authorize(const httplib::Request& req, httplib::Response& res,
                                             Role role) {
  if (!req.has_header("Authorization")) {
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthenticated", "send Authorization: Bearer <token>");
    return std::nullopt;
  }
  auto principal = deps_.tokens.Authenticate(req.get_header_value("Authorization"));
  if (!principal) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    SendError(res, 401, "unauthenticated", "the token is not valid");
    return std::nullopt;
  }
  if (!principal->Has(role)) {
    const char* name = role == kRoleSubmit ? "submit" : role == kRoleRead ? "read" : "admin";
    SendError(res, 403, "forbidden",
              "the token of \"" + principal->name + "\" lacks the " + name + " role");
    return std::nullopt;
  }
  return principal;
}

void ServeApi::Log(const std::string& who, const std::string& action, const std::string& case_id) {
  if (Status s = deps_.store.LogAccess({deps_.clock(), who, action, case_id}); !s)
    std::cerr << "pocsift serve: access log: " << OneLine(s.error().message) << "\n";
}

void ServeApi::Submit(const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) {
  auto principal = Authorize(req, res, kRoleSubmit);
  if (!principal) {
    res.set_header("Connection", "close");  // the body was not read
    return;
  }
  if (req.is_multipart_form_data()) {
    res.set_header("Connection", "close");
    return SendError(res, 415, "unsupported_media_type",
                     "send the bundle archive itself as the request body, not a form");
  }
  // The declared length is refused before reading; a chunked body is counted as it arrives.
  const std::size_t declared =
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
  bool too_large = declared > deps_.limits.max_upload_bytes;
  std::string body;
  const bool complete = !too_large && reader([&](const char* data, std::size_t size) {
    if (body.size() + size > deps_.limits.max_upload_bytes) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (too_large) {
    res.set_header("Connection", "close");
    return SendError(
        res, 413, "too_large",
        "the upload is larger than " + std::to_string(deps_.limits.max_upload_bytes) + " bytes");
  }
  if (!complete) {
    res.set_header("Connection", "close");
    return SendError(res, 400, "incomplete_upload", "the upload ended before its declared end");
  }
  if (body.empty()) return SendError(res, 400, "empty_upload", "the request body is empty");

  auto staged = StagedUpload::Write(deps_.scratch, body);
  if (!staged) return SendEngineError(res, staged.error());
  auto bundle = LoadBundle(staged.value().path());
  if (!bundle) {
    return SendEngineError(
        res, Error{bundle.error().kind, staged.value().Redact(bundle.error().message)});
  }

  std::lock_guard lock(submit_mutex_);
  auto existing = deps_.store.FindSubmission(principal->name, bundle.value().sha256);
  if (!existing) return SendEngineError(res, existing.error());
  if (existing.value()) {
    const StoredCase& stored = *existing.value();
    Log(principal->name, "resubmit", stored.id);
    res.set_header("Location", StatusUrl(stored));
    return SendJson(res, 200,
                    {{"id", stored.id},
                     {"status", stored.status},
                     {"status_url", StatusUrl(stored)},
                     {"link", ReporterLink(stored)},
                     {"created", false}});
  }
  auto all = deps_.store.Counts(std::nullopt);
  if (!all) return SendEngineError(res, all.error());
  if (static_cast<std::size_t>(all.value().queued + all.value().running) >=
      deps_.limits.queue_limit) {
    deps_.metrics.Rejected("queue_full");
    return SendRetryLater(res, 503, "queue_full", "the case queue is full; retry later",
                          deps_.limits.retry_after_seconds);
  }
  auto own = deps_.store.Counts(principal->name);
  if (!own) return SendEngineError(res, own.error());
  if (static_cast<std::size_t>(own.value().queued + own.value().running) >=
      deps_.limits.submitter_queue_limit) {
    deps_.metrics.Rejected("submitter_limit");
    return SendRetryLater(res, 429, "too_many_cases",
                          "you have " + std::to_string(deps_.limits.submitter_queue_limit) +
                              " cases waiting; retry when one is done",
                          deps_.limits.retry_after_seconds);
  }
  NewCase fresh{"s-" + RandomHex(12), principal->name, bundle.value().sha256,
                RandomHex(32),        std::move(body), deps_.clock()};
  auto submitted = deps_.store.Submit(fresh);
  if (!submitted) return SendEngineError(res, submitted.error());
  const StoredCase& stored = submitted.value().stored;
  deps_.case_queued();
  res.set_header("Location", StatusUrl(stored));
  SendJson(res, submitted.value().created ? 202 : 200,
           {{"id", stored.id},
            {"status", stored.status},
            {"status_url", StatusUrl(stored)},
            {"link", ReporterLink(stored)},
            {"created", submitted.value().created}});
}

void ServeApi::GetCase(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  const auto not_found = [&] { SendError(res, 404, "not_found", "no such case"); };
  if (!req.has_header("Authorization") && req.has_header("X-Pocsift-Case-Key")) {
    auto stored = deps_.store.Get(id);
    if (!stored) return SendEngineError(res, stored.error());
    // Compared even when there is no such case, so the timing does not tell.
    const std::string key = stored.value() ? stored.value()->link_key : std::string(64, '0');
    const bool valid = SecretsEqual(req.get_header_value("X-Pocsift-Case-Key"), key);
    if (!stored.value() || !valid) return not_found();
    Log("link", "read", id);
    return SendJson(res, 200, CaseView(*stored.value(), Audience::kSubmitter));
  }
  // Every token holds a role that reads something: submit its own cases, read all of them.
  auto principal = deps_.tokens.Authenticate(req.get_header_value("Authorization"));
  if (!principal) {
    (void)Authorize(req, res, kRoleRead);  // answers 401
    return;
  }
  auto stored = deps_.store.Get(id);
  if (!stored) return SendEngineError(res, stored.error());
  const bool triager = principal->Has(kRoleRead);
  if (!stored.value() || (!triager && stored.value()->submitter != principal->name))
    return not_found();
  Log(principal->name, "read", id);
  SendJson(res, 200,
           CaseView(*stored.value(), triager ? Audience::kTriager : Audience::kSubmitter));
}

void ServeApi::ListCases(const httplib::Request& req, httplib::Response& res) {
  auto principal = deps_.tokens.Authenticate(req.get_header_value("Authorization"));
  if (!principal) {
    (void)Authorize(req, res, kRoleRead);  // answers 401
    return;
  }
  const bool triager = principal->Has(kRoleRead);
  CaseFilter filter;
  if (!triager) filter.submitter = principal->name;
  if (req.has_param("decision")) {
    filter.decision = req.get_param_value("decision");
    if (!OneOf(*filter.decision, {"eligible", "ineligible", "redirect", "needs-review"}))
      return SendError(res, 400, "bad_parameter",
                       "decision: expected eligible, ineligible, redirect or needs-review");
  }
  if (req.has_param("status")) {
    filter.status = req.get_param_value("status");
    if (!OneOf(*filter.status, {"queued", "running", "done", "failed"}))
      return SendError(res, 400, "bad_parameter",
                       "status: expected queued, running, done or failed");
  }
  if (req.has_param("since")) {
    auto since = ParseInstant(req.get_param_value("since"));
    if (!since) return SendError(res, 400, "bad_parameter", "since: " + since.error().message);
    filter.since = since.value();
  }
  if (req.has_param("limit")) {
    const std::string text = req.get_param_value("limit");
    const bool digits = !text.empty() && text.size() <= 4 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    filter.limit = digits ? std::stoi(text) : 0;
    if (filter.limit < 1 || filter.limit > 1000)
      return SendError(res, 400, "bad_parameter", "limit: expected a number from 1 to 1000");
  }
  auto cases = deps_.store.List(filter);
  if (!cases) return SendEngineError(res, cases.error());
  ordered_json rows = ordered_json::array();
  for (const auto& stored : cases.value())
    rows.push_back(CaseSummary(stored, triager ? Audience::kTriager : Audience::kSubmitter));
  Log(principal->name, "list", "*");
  SendJson(res, 200, {{"cases", rows}});
}

void ServeApi::OverrideVerdict(const httplib::Request& req, httplib::Response& res) {
  auto principal = Authorize(req, res, kRoleAdmin);
  if (!principal) return;
  const std::string id = req.matches[1];
  const auto body = ordered_json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return SendError(res, 400, "bad_json", "expected a JSON object {decision, severity, reason}");
  VerdictOverride verdict;
  verdict.by = principal->name;
  verdict.at = deps_.clock();
  if (!body.contains("decision") || !body["decision"].is_string() ||
      !OneOf(body["decision"].get<std::string>(),
             {"eligible", "ineligible", "redirect", "needs-review"}))
    return SendError(res, 400, "bad_parameter",
                     "decision: expected eligible, ineligible, redirect or needs-review");
  verdict.decision = body["decision"].get<std::string>();
  if (body.contains("severity") && !body["severity"].is_null()) {
    if (!body["severity"].is_string() ||
        !OneOf(body["severity"].get<std::string>(), {"high", "moderate", "low"}))
      return SendError(res, 400, "bad_parameter", "severity: expected high, moderate, low or null");
    verdict.severity = body["severity"].get<std::string>();
  }
  if (!body.contains("reason") || !body["reason"].is_string() ||
      body["reason"].get<std::string>().empty() || body["reason"].get<std::string>().size() > 4000)
    return SendError(res, 400, "bad_parameter",
                     "reason: expected a non-empty string (at most 4000 bytes)");
  verdict.reason = body["reason"].get<std::string>();
  if (Status s = deps_.store.Override(id, verdict); !s) {
    if (s.error().kind == ErrorKind::kBadInput)
      return SendError(res, 409, "not_done", s.error().message);
    if (s.error().kind == ErrorKind::kNotFound)
      return SendError(res, 404, "not_found", "no such case");
    return SendEngineError(res, s.error());
  }
  auto stored = deps_.store.Get(id);
  if (!stored || !stored.value()) return SendError(res, 500, "internal", "the case vanished");
  SendJson(res, 200, CaseView(*stored.value(), Audience::kTriager));
}

void ServeApi::GetAccessLog(const httplib::Request& req, httplib::Response& res) {
  auto principal = Authorize(req, res, kRoleAdmin);
  if (!principal) return;
  const std::string id = req.matches[1];
  auto stored = deps_.store.Get(id);
  if (!stored) return SendEngineError(res, stored.error());
  if (!stored.value()) return SendError(res, 404, "not_found", "no such case");
  auto entries = deps_.store.AccessLog(id);
  if (!entries) return SendEngineError(res, entries.error());
  ordered_json rows = ordered_json::array();
  for (const auto& e : entries.value())
    rows.push_back({{"at", FormatInstant(e.at)}, {"who", e.who}, {"action", e.action}});
  Log(principal->name, "read-access-log", id);
  SendJson(res, 200, {{"id", id}, {"entries", rows}});
}

void ServeApi::Health(httplib::Response& res) {
  auto counts = deps_.store.Counts(std::nullopt);
  if (!counts)
    return SendError(res, 503, "unhealthy",
                     "the case store does not answer: " + counts.error().message);
  SendJson(res, 200, {{"status", "ok"}});
}

void ServeApi::Metrics(const httplib::Request& req, httplib::Response& res) {
  if (!Authorize(req, res, kRoleRead)) return;
  auto counts = deps_.store.Counts(std::nullopt);
  if (!counts) return SendEngineError(res, counts.error());
  res.set_content(deps_.metrics.Render(counts.value()), "text/plain; version=0.0.4");
}

}  // namespace pocsift
