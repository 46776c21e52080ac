// An e-mailed report (engine/ingest/email_report, GMime): headers, MIME parts, encodings,
// attachments. The caps are scaled down so the fuzzer reaches them. Property: an accepted
// message stays within them.
#include <cstdlib>

#include "engine/ingest/email_report.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pocsift::EmailLimits limits = [] {
    pocsift::EmailLimits l;
    l.max_message_bytes = 1 << 20;
    l.max_attachment_bytes = 64 << 10;
    l.max_total_bytes = 256 << 10;
    l.max_attachments = 8;
    return l;
  }();
  const auto report = pocsift::ParseEmailReport(pocsift::fuzz::AsText(data, size), limits);
  if (!report) return 0;
  if (report->attachments.size() > limits.max_attachments) std::abort();
  for (const auto& attachment : report->attachments)
    if (attachment.bytes.size() > limits.max_attachment_bytes) std::abort();
  return 0;
}
