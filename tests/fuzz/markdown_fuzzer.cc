// A Markdown report (engine/ingest/markdown_report): headings, fenced code blocks, images,
// prose. Property: code blocks come out in order of their opening fence.
#include <cstdlib>

#include "engine/ingest/markdown_report.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto report = pocsift::ParseMarkdownReport(pocsift::fuzz::AsText(data, size));
  int line = 0;
  for (const auto& block : report.blocks) {
    if (block.line != 0 && block.line < line) std::abort();
    if (block.line != 0) line = block.line;
  }
  return 0;
}
