// Every failure the API returns is a plain JSON body with the right status:
//   {"error": "<code>", "message": "<a sentence the caller can act on>"}
// `code` is stable (clients branch on it); `message` is for people.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "engine/result.h"

namespace pocsift {

void SendError(httplib::Response& res, int status, std::string_view code,
               const std::string& message);

// 429/503 with Retry-After: the caller should come back, not give up.
void SendRetryLater(httplib::Response& res, int status, std::string_view code,
                    const std::string& message, int retry_after_seconds);

// The status and code for an engine Error (bad input 400, not found 404, unavailable 503,
// internal 500).
void SendEngineError(httplib::Response& res, const Error& error);

// Fills a body for a status the library set on its own (404 route, 413 payload, 414 URI…);
// leaves a response that already has a body alone. Returns whether it wrote one.
bool FillDefaultError(httplib::Response& res);

}  // namespace pocsift
