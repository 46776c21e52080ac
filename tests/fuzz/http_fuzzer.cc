// A raw HTTP request pasted in a report (engine/ingest/http_request_text): request line,
// header fields, body. Property: an accepted request has a path that starts with "/".
#include <cstdlib>

#include "engine/ingest/http_request_text.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = pocsift::fuzz::AsText(data, size);
  (void)pocsift::LooksLikeHttpRequest(text);
  const auto draft = pocsift::ParseHttpRequestText(text);
  if (draft && !draft->path.starts_with('/')) std::abort();
  return 0;
}
