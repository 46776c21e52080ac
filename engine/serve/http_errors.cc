#include "engine/serve/http_errors.h"

#include <nlohmann/json.hpp>

namespace pocsift {

void SendError(httplib::Response& res, int status, std::string_view code,
               const std::string& message) {
  res.status = status;
  const nlohmann::ordered_json body = {{"error", code}, {"message", message}};
  // A message may quote the request (a parameter's value), whose bytes need not be UTF-8.
  res.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n",
                  "application/json");
}

void SendRetryLater(httplib::Response& res, int status, std::string_view code,
                    const std::string& message, int retry_after_seconds) {
  SendError(res, status, code, message);
  res.set_header("Retry-After", std::to_string(retry_after_seconds));
}

void SendEngineError(httplib::Response& res, const Error& error) {
  switch (error.kind) {
    case ErrorKind::kBadInput:
      return SendError(res, 400, "bad_bundle", error.message);
    case ErrorKind::kNotFound:
      return SendError(res, 404, "not_found", error.message);
    case ErrorKind::kUnavailable:
      return SendError(res, 503, "unavailable", error.message);
    case ErrorKind::kInternal:
      break;
  }
  SendError(res, 500, "internal", "the server failed: " + error.message);
}

bool FillDefaultError(httplib::Response& res) {
  if (!res.body.empty() || res.status < 400) return false;
  switch (res.status) {
    case 400:
      SendError(res, 400, "bad_request", "the request is malformed");
      break;
    case 404:
      SendError(res, 404, "not_found", "no such resource");
      break;
    case 405:
      SendError(res, 405, "method_not_allowed", "this resource does not take that method");
      break;
    case 413:
      SendError(res, 413, "too_large", "the request body is larger than the server accepts");
      break;
    case 414:
      SendError(res, 414, "uri_too_long", "the request target is too long");
      break;
    case 416:
      SendError(res, 416, "bad_range", "the requested range cannot be served");
      break;
    case 431:
      SendError(res, 431, "headers_too_large", "the request headers are too large");
      break;
    default:
      SendError(res, res.status, "error",
                "the request failed with status " + std::to_string(res.status));
  }
  return true;
}

}  // namespace pocsift
