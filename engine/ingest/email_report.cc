#include "engine/ingest/email_report.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <re2/re2.h>

#include "engine/one_line.h"

namespace pocsift {
namespace {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// The first structural defect GMime reports; the message is refused because of it. Header
// oddities (duplicates, 8-bit text) are common in real mail and tolerated.
struct Defects {
  std::string first;
};

void OnWarning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer data) {
  auto* defects = static_cast<Defects*>(data);
  if (!defects->first.empty()) return;
  std::string what;
  switch (code) {
    case GMIME_WARN_MALFORMED_MULTIPART:
      what = "a multipart part has no child parts: its boundary never appears (broken MIME boundary)";
      break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      what = "a multipart part has no boundary parameter";
      break;
    case GMIME_WARN_TRUNCATED_MESSAGE:
      what = "the message is truncated (a MIME boundary is not closed)";
      break;
    case GMIME_CRIT_NESTING_OVERFLOW:
      what = "MIME parts are nested too deeply";
      break;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      what = "a MIME part has neither headers nor content";
      break;
    case GMIME_WARN_MALFORMED_MESSAGE:
      what = "the message is malformed";
      break;
    default:
      return;
  }
  defects->first = offset >= 0 ? what + " (byte " + std::to_string(offset) + ")" : what;
  (void)item;
}

std::string Decoded(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string TextOf(GMimePart* part) {
  if (GMIME_IS_TEXT_PART(part)) {
    std::unique_ptr<char, GFree> text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
    if (text) return text.get();
  }
  return Decoded(part);
}

std::string MimeType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "application/octet-stream";
  std::unique_ptr<char, GFree> mime(g_mime_content_type_get_mime_type(type));
  std::string out = mime ? mime.get() : "application/octet-stream";
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// HTML mail to Markdown-ish text: <pre> blocks become fences so their code is found.
std::string HtmlToText(std::string html) {
  RE2::GlobalReplace(&html, "(?is)<(script|style)[^>]*>.*?</(?:script|style)>", "");
  RE2::GlobalReplace(&html, "(?is)<pre[^>]*>\\s*<code[^>]*class=\"[^\"]*language-(\\w+)[^\"]*\"[^>]*>",
                     "\n```\\1\n");
  RE2::GlobalReplace(&html, "(?is)<pre[^>]*>(?:\\s*<code[^>]*>)?", "\n```\n");
  RE2::GlobalReplace(&html, "(?is)(?:</code>\\s*)?</pre>", "\n```\n");
  RE2::GlobalReplace(&html, "(?i)<br\\s*/?>", "\n");
  RE2::GlobalReplace(&html, "(?i)</(?:p|div|h[1-6]|li)>", "\n\n");
  RE2::GlobalReplace(&html, "(?s)<[^>]*>", "");
  RE2::GlobalReplace(&html, "&lt;", "<");
  RE2::GlobalReplace(&html, "&gt;", ">");
  RE2::GlobalReplace(&html, "&quot;", "\"");
  RE2::GlobalReplace(&html, "&#39;|&#x27;", "'");
  RE2::GlobalReplace(&html, "&nbsp;", " ");
  RE2::GlobalReplace(&html, "&amp;", "&");
  RE2::GlobalReplace(&html, "[ \\t]+\n", "\n");
  RE2::GlobalReplace(&html, "\n{3,}", "\n\n");
  return html;
}

class Walker {
 public:
  Walker(EmailReport& report, const EmailLimits& limits) : report_(report), limits_(limits) {}

  Status Walk(GMimeObject* object, int depth) {
    if (depth > 16) return BadInput("MIME parts are nested more than 16 deep");
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      const int count = g_mime_multipart_get_count(multipart);
      if (count == 0)
        return BadInput("a multipart part has no child parts: its boundary never appears "
                        "(broken MIME boundary)");
      for (int i = 0; i < count; ++i)
        if (auto status = Walk(g_mime_multipart_get_part(multipart, i), depth + 1); !status)
          return status;
      return {};
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner != nullptr && g_mime_message_get_mime_part(inner) != nullptr)
        return Walk(g_mime_message_get_mime_part(inner), depth + 1);
      return {};
    }
    if (!GMIME_IS_PART(object)) return {};
    GMimePart* part = GMIME_PART(object);
    const std::string type = MimeType(object);
    const bool attachment = g_mime_part_is_attachment(part) || g_mime_part_get_filename(part);
    if (!attachment && type == "text/plain" && report_.body.empty()) {
      report_.body = TextOf(part);
      return Count(report_.body.size(), "the text body");
    }
    if (!attachment && type == "text/html") {
      if (html_.empty()) html_ = TextOf(part);
      return Count(html_.size(), "the HTML body");
    }
    if (report_.attachments.size() >= limits_.max_attachments)
      return BadInput("more than " + std::to_string(limits_.max_attachments) + " attachments");
    EmailAttachment file;
    const char* name = g_mime_part_get_filename(part);
    file.filename = name != nullptr ? name : "";
    file.content_type = type;
    file.bytes = Decoded(part);
    if (file.bytes.size() > limits_.max_attachment_bytes)
      return BadInput("attachment \"" + OneLine(file.filename) + "\" is " +
                      std::to_string(file.bytes.size()) + " bytes; the cap per file is " +
                      std::to_string(limits_.max_attachment_bytes));
    if (auto status = Count(file.bytes.size(), "the attachments"); !status) return status;
    report_.attachments.push_back(std::move(file));
    return {};
  }

  void Finish() {
    if (report_.body.find_first_not_of(" \t\r\n") == std::string::npos && !html_.empty()) {
      report_.body = HtmlToText(html_);
      report_.body_was_html = true;
    }
  }

 private:
  Status Count(std::uint64_t bytes, const char* what) {
    total_ += bytes;
    if (total_ > limits_.max_total_bytes)
      return BadInput(std::string(what) + " take the message over " +
                      std::to_string(limits_.max_total_bytes) + " decoded bytes");
    return {};
  }

  EmailReport& report_;
  const EmailLimits& limits_;
  std::string html_;
  std::uint64_t total_ = 0;
};

struct MimeShape {
  std::uint64_t delimiter_lines = 0;  // lines starting with "--"
  std::uint64_t header_lines = 0;     // lines that GMime may parse as header fields
};

bool MentionsMessageType(std::string_view line) {
  static constexpr std::string_view kType = "message/";
  return std::search(line.begin(), line.end(), kType.begin(), kType.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         }) != line.end();
}

// An upper bound on what GMime builds objects for, in one pass before it parses: a header
// block starts the message, follows every line starting with "--" (a part may begin there) and
// follows a header block that mentions "message/" (an attached message has headers too); it
// runs to the next empty line. Over-counts are possible (a body's "-- comment" lines), never
// under-counts.
MimeShape ScanMimeShape(std::string_view message) {
  MimeShape shape;
  bool in_headers = true;
  bool block_mentions_message = false;
  for (std::size_t at = 0; at < message.size();) {
    const std::size_t end = std::min(message.find('\n', at), message.size());
    std::string_view line = message.substr(at, end - at);
    at = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("--")) {
      ++shape.delimiter_lines;
      in_headers = true;
      block_mentions_message = false;
    } else if (in_headers && line.empty()) {
      in_headers = block_mentions_message;
      block_mentions_message = false;
    } else if (in_headers) {
      ++shape.header_lines;
      block_mentions_message = block_mentions_message || MentionsMessageType(line);
    }
  }
  return shape;
}

Status CheckMimeShape(std::string_view message, const EmailLimits& limits) {
  const MimeShape shape = ScanMimeShape(message);
  if (shape.delimiter_lines > limits.max_part_delimiters)
    return BadInput("the message has more than " + std::to_string(limits.max_part_delimiters) +
                    " lines starting with \"--\" (possible MIME parts)");
  if (shape.header_lines > limits.max_header_lines)
    return BadInput("the message has more than " + std::to_string(limits.max_header_lines) +
                    " header lines");
  return {};
}

}  // namespace

Result<EmailReport> ParseEmailReport(std::string_view message, const EmailLimits& limits) {
  if (message.size() > limits.max_message_bytes)
    return BadInput("the message is " + std::to_string(message.size()) +
                    " bytes; the cap for an e-mailed report is " +
                    std::to_string(limits.max_message_bytes));
  if (auto status = CheckMimeShape(message, limits); !status) return status.error();
  InitGMime();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  std::unique_ptr<GMimeParserOptions, ParserOptionsFree> options(g_mime_parser_options_new());
  Defects defects;
  g_mime_parser_options_set_warning_callback(options.get(), OnWarning, &defects);
  GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!parsed) return BadInput("not an e-mail message (no RFC 5322 headers)");
  if (!defects.first.empty()) return BadInput(defects.first);

  EmailReport report;
  if (const char* subject = g_mime_message_get_subject(parsed.get())) report.subject = subject;
  if (InternetAddressList* from = g_mime_message_get_from(parsed.get());
      from != nullptr && internet_address_list_length(from) > 0) {
    InternetAddress* address = internet_address_list_get_address(from, 0);
    if (const char* name = internet_address_get_name(address)) report.from_name = name;
    if (INTERNET_ADDRESS_IS_MAILBOX(address))
      if (const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)))
        report.from_address = addr;
  }
  if (GDateTime* date = g_mime_message_get_date(parsed.get())) {
    GDateTime* utc = g_date_time_to_utc(date);
    std::unique_ptr<char, GFree> text(g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ"));
    g_date_time_unref(utc);
    if (text) report.date = text.get();
  }
  if (report.subject.empty() && report.from_address.empty() && !report.date)
    return BadInput("not an e-mail message: no Subject, From or Date header");
  GMimeObject* root = g_mime_message_get_mime_part(parsed.get());
  if (root == nullptr) return BadInput("the message has no body");
  Walker walker(report, limits);
  if (auto status = walker.Walk(root, 0); !status) return status.error();
  walker.Finish();
  if (report.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return BadInput("the message has no body: no text/plain or text/html part with text");
  return report;
}

}  // namespace pocsift
