// A curl command line from a report, as a request step.
//
// Understood (curl(1)): the URL (or --url), -X/--request, -H/--header, -d/--data,
// --data-ascii, --data-binary, --data-raw, --data-urlencode, --json, -G/--get, -I/--head,
// -b/--cookie "name=value; …", -A/--user-agent, -e/--referer, -u/--user (as a Basic
// Authorization header). Several data options are joined with '&' as curl does. "@file"
// data names a file the report must also carry; it is returned in body_file, unresolved.
// Output-only options (-s, -v, -k, -L, -o …) are ignored; anything else (-F multipart forms,
// cookie files, @- stdin) is listed in RequestDraft::unmapped.
#pragma once

#include <string_view>

#include "engine/ingest/request_draft.h"
#include "engine/result.h"

namespace pocsift {

// True when `command_text` (one command, continuation lines joined or not) starts with curl,
// after an optional "$ " prompt.
bool LooksLikeCurl(std::string_view command_text);

// Parses one curl command. Fails (kBadInput) on unbalanced quotes, a missing option argument,
// no URL, or a URL that is not http(s) or a path; the message says which.
Result<RequestDraft> ParseCurlCommand(std::string_view command_text);

}  // namespace pocsift
