// An e-mailed report (.eml, RFC 5322 + MIME), parsed with GMime: the headers a bundle needs
// (Subject, From, Date), the text body, and the attachments, decoded.
//
// The message is untrusted. It is refused (kBadInput) when it is larger than
// EmailLimits::max_message_bytes, when it has more possible part delimiters or header lines
// than the caps (counted before GMime parses it), when GMime reports a structural defect (a multipart whose
// boundary never appears or has no boundary parameter, a truncated message, parts nested
// beyond GMime's limit), when an attachment decodes to more than max_attachment_bytes or all
// of them to more than max_total_bytes, or when it has no text body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace pocsift {

struct EmailLimits {
  std::uint64_t max_message_bytes = 96ull << 20;
  std::uint64_t max_attachment_bytes = 16ull << 20;  // BundleLimits::max_file_bytes
  std::uint64_t max_total_bytes = 64ull << 20;       // BundleLimits::max_total_bytes
  std::size_t max_attachments = 100;
  // GMime builds an object for every part and every header line before pocsift sees any of
  // them (hundreds of bytes each), so the message's shape is counted first: lines starting
  // with "--" (each may begin a part) and lines in header blocks (ScanMimeShape).
  std::uint64_t max_part_delimiters = 10'000;
  std::uint64_t max_header_lines = 50'000;
};

struct EmailAttachment {
  std::string filename;      // as the message names it (untrusted; not a path yet)
  std::string content_type;  // "image/png"
  std::string bytes;         // decoded
};

struct EmailReport {
  std::string subject;
  std::string from_name;
  std::string from_address;
  std::optional<std::string> date;  // RFC 3339 in UTC, from the Date header
  std::string body;                 // the text/plain body (or text/html, tags removed)
  bool body_was_html = false;
  std::vector<EmailAttachment> attachments;
};

Result<EmailReport> ParseEmailReport(std::string_view message, const EmailLimits& limits = {});

}  // namespace pocsift
