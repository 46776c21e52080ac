// A raw HTTP/1.x request pasted into a report ("POST /search/ HTTP/1.1", headers, a blank
// line, the body), as a request step. Host, Content-Length and Connection belong to the
// harness and are dropped; Cookie and Content-Type go to their own fields.
#pragma once

#include <string_view>

#include "engine/ingest/request_draft.h"
#include "engine/result.h"

namespace pocsift {

// True when the first non-blank line is a request line ("METHOD target HTTP/x.y").
bool LooksLikeHttpRequest(std::string_view text);

// Parses the request. Fails (kBadInput) on a malformed request line or header line.
Result<RequestDraft> ParseHttpRequestText(std::string_view text);

}  // namespace pocsift
