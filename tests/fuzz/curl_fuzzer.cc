// A curl command line from a report (engine/ingest/curl_command): shell words, options, URL.
// Property: an accepted command yields a request whose path starts with "/".
#include <cstdlib>

#include "engine/ingest/curl_command.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = pocsift::fuzz::AsText(data, size);
  (void)pocsift::LooksLikeCurl(text);
  const auto draft = pocsift::ParseCurlCommand(text);
  if (draft && !draft->path.starts_with('/')) std::abort();
  return 0;
}
