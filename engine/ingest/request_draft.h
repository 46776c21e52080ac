// RequestDraft: one request step recovered from a report (a curl command line or a raw HTTP
// request), in the shape of a poc.json request (docs/bundle-format.md).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace pocsift {

using Pair = std::pair<std::string, std::string>;

struct RequestDraft {
  std::string method = "GET";
  std::string path = "/";
  std::vector<Pair> query;
  std::vector<Pair> headers;
  std::vector<Pair> cookies;
  std::optional<std::string> body;
  std::optional<std::string> body_file;  // a name the report gave ("@payload.json"), unresolved
  std::optional<std::string> content_type;
  std::vector<std::string> notes;     // what was changed on the way ("host dropped")
  std::vector<std::string> unmapped;  // what the format cannot say ("-F form parts")

  // The poc.json "request" object. Precondition: body_file, if set, names a bundle path.
  nlohmann::ordered_json ToJson() const;
};

// Splits an http(s) URL or an origin-form target ("/a?b=c") into draft.path and draft.query
// (percent-decoded, '+' as space, as Django reads a query string). A host other than the test
// server's is noted in draft.notes. Fails on a target that is neither.
Status SetTarget(std::string_view url, RequestDraft& draft);

// Adds one header as the format wants it: Cookie → cookies, Content-Type → content_type;
// Host and Content-Length are the harness's and are dropped with a note.
Status AddHeader(std::string_view name, std::string_view value, RequestDraft& draft);

// Percent-decodes `text`; '+' becomes a space when `plus_is_space`.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace pocsift
