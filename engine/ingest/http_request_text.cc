#include "engine/ingest/http_request_text.h"

#include <re2/re2.h>

#include "engine/one_line.h"

namespace pocsift {
namespace {

const RE2& RequestLine() {
  static const RE2 kLine("([A-Z]{1,32}) +(\\S+) +HTTP/\\d(?:\\.\\d)?\\r?");
  return kLine;
}

std::string_view FirstLine(std::string_view text, std::size_t& next) {
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    next = end == std::string_view::npos ? text.size() : end + 1;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos || next >= text.size())
      return line;
    start = next;
  }
}

}  // namespace

bool LooksLikeHttpRequest(std::string_view text) {
  std::size_t next = 0;
  return RE2::FullMatch(FirstLine(text, next), RequestLine());
}

Result<RequestDraft> ParseHttpRequestText(std::string_view text) {
  std::size_t pos = 0;
  const std::string_view first = FirstLine(text, pos);
  std::string method, target;
  if (!RE2::FullMatch(first, RequestLine(), &method, &target))
    return BadInput("\"" + OneLine(first) + "\" is not an HTTP request line");
  RequestDraft draft;
  draft.method = method;
  if (auto status = SetTarget(target, draft); !status) return status.error();
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header section
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return BadInput("header line \"" + OneLine(line) + "\" has no name: value");
    if (auto status = AddHeader(line.substr(0, colon), line.substr(colon + 1), draft); !status)
      return status.error();
  }
  std::string body(text.substr(std::min(pos, text.size())));
  // A code block ends with a newline that is the Markdown's, not the body's.
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  if (!body.empty()) draft.body = body;
  return draft;
}

}  // namespace pocsift
