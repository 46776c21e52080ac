// Caps on an ingested report (docs/fuzzing.md, "The other caps"): the report file's size, an
// e-mail's size, attachments (count, size of each, total) and MIME nesting. Each hostile report
// is refused with its reason; the large ones in a forked child whose peak resident set is
// checked against the documented bound, as in resource_bounds_test.cc.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/ingest/email_report.h"
#include "engine/ingest/report_ingest.h"
#include "tests/support/temp_dir.h"

namespace pocsift {
namespace {

using testing::TempDir;

#if defined(__SANITIZE_ADDRESS__)
constexpr long kSanitizerExtraMib = 320;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kSanitizerExtraMib = 320;
#else
constexpr long kSanitizerExtraMib = 0;
#endif
#else
constexpr long kSanitizerExtraMib = 0;
#endif

constexpr std::uint64_t kMiB = 1ull << 20;

// Runs `attack` in a child, which must return true (refused as expected); its peak resident
// set must stay within `bound_mib` (plus the sanitizer allowance).
void ExpectRefusedWithin(const std::function<bool()>& attack, long bound_mib) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) _exit(attack() ? 0 : 1);
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died (status " << status << ")";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "not refused as expected";
  const long peak_mib = usage.ru_maxrss / 1024;
  EXPECT_LE(peak_mib, bound_mib + kSanitizerExtraMib);
  std::printf("peak resident set %ld MiB (bound %ld MiB + %ld)\n", peak_mib, bound_mib,
              kSanitizerExtraMib);
}

bool Refused(const Result<EmailReport>& report, std::string_view reason) {
  if (report) return false;
  EXPECT_EQ(report.error().kind, ErrorKind::kBadInput);
  EXPECT_NE(report.error().message.find(reason), std::string::npos) << report.error().message;
  return report.error().message.find(reason) != std::string::npos;
}

bool Refused(const Result<IngestedBundle>& bundle, std::string_view reason) {
  return !bundle && bundle.error().message.find(reason) != std::string::npos;
}

// A multipart/mixed message: a text body and one attachment per entry of `attachments`, each
// sent as it is (Content-Transfer-Encoding: binary, so its decoded size is its size).
std::string Message(const std::vector<std::string>& attachments) {
  std::string m =
      "From: A. Reporter <a@example.org>\r\nTo: security@example.org\r\nSubject: report\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nSee the attachments.\r\n";
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    m += "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
         "Content-Disposition: attachment; filename=\"a" + std::to_string(i) + ".bin\"\r\n\r\n" +
         attachments[i] + "\r\n";
  }
  return m + "--b--\r\n";
}

// A 1 GiB sparse file: refused from its size before a byte is read.
TEST(ReportBounds, GigabyteMarkdownReportIsRefusedFromItsSize) {
  TempDir dir;
  const auto path = dir.Write("report.md", "");
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(1024 * kMiB)), 0);
  ExpectRefusedWithin([&] { return Refused(IngestReport(path), "the cap is 8388608"); }, 32);
}

TEST(ReportBounds, GigabyteEmailIsRefusedFromItsSize) {
  TempDir dir;
  const auto path = dir.Write("report.eml", "");
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(1024 * kMiB)), 0);
  ExpectRefusedWithin([&] { return Refused(IngestReport(path), "the cap is 100663296"); }, 32);
}

TEST(ReportBounds, EmailOverTheMessageCapIsRefusedBeforeParsing) {
  EmailLimits limits;
  limits.max_message_bytes = 1024;
  EXPECT_TRUE(Refused(ParseEmailReport(Message({std::string(2048, 'x')}), limits),
                      "the cap for an e-mailed report is 1024"));
}

// An attachment one byte over the 16 MiB cap per file, at the real caps.
TEST(ReportBounds, AttachmentOverTheFileCapIsRefused) {
  const std::string message = Message({std::string(16 * kMiB + 1, 'x')});
  ExpectRefusedWithin([&] {
    return Refused(ParseEmailReport(message), "the cap per file is 16777216");
  }, 128);
}

TEST(ReportBounds, MoreAttachmentsThanTheCapAreRefused) {
  const std::vector<std::string> attachments(101, "x");
  EXPECT_TRUE(Refused(ParseEmailReport(Message(attachments)), "more than 100 attachments"));
  const std::vector<std::string> at_cap(100, "x");
  const auto report = ParseEmailReport(Message(at_cap));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report.value().attachments.size(), 100u);
}

TEST(ReportBounds, AttachmentsOverTheTotalCapAreRefused) {
  EmailLimits limits;
  limits.max_attachment_bytes = 1000;
  limits.max_total_bytes = 2500;
  const std::string kb(1000, 'x');
  EXPECT_TRUE(Refused(ParseEmailReport(Message({kb, kb, kb}), limits),
                      "the attachments take the message over 2500 decoded bytes"));
  EXPECT_TRUE(ParseEmailReport(Message({kb, kb}), limits));
}

// `depth` multiparts, each the only part of the one above.
std::string NestedMessage(int depth) {
  std::string m = "From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < depth; ++i)
    m += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
         std::to_string(i) + "\r\n";
  m += "Content-Type: text/plain\r\n\r\nbody\r\n";
  for (int i = depth - 1; i >= 0; --i) m += "--b" + std::to_string(i) + "--\r\n";
  return m;
}

TEST(ReportBounds, MimePartsNestedDeeperThanTheCapAreRefused) {
  EXPECT_TRUE(Refused(ParseEmailReport(NestedMessage(17)), "nested more than 16 deep"));
  const auto at_cap = ParseEmailReport(NestedMessage(16));
  ASSERT_TRUE(at_cap) << at_cap.error().message;
  EXPECT_EQ(at_cap.value().body.substr(0, 4), "body");
}

// Regression (found measuring the e-mail bounds): GMime builds an object for every part and
// every header line before pocsift walks them, hundreds of bytes each (several KiB under ASan);
// a 96 MiB message of tiny parts or header lines took gigabytes. Now the message's shape is
// counted first, in one pass, and refused over the caps.
TEST(ReportBounds, MimeNestedAHundredThousandLevelsIsRefusedBeforeParsing) {
  const std::string message = NestedMessage(100'000);
  ExpectRefusedWithin([&] {
    return Refused(ParseEmailReport(message), "more than 10000 lines starting with \"--\"");
  }, 32);
}

TEST(ReportBounds, TwoHundredThousandFlatPartsAreRefusedBeforeParsing) {
  std::string message =
      "From: a@example.org\r\nSubject: flat\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
  for (int i = 0; i < 200'000; ++i) message += "--b\r\n\r\nx\r\n";
  message += "--b--\r\n";
  ExpectRefusedWithin([&] {
    return Refused(ParseEmailReport(message), "more than 10000 lines starting with \"--\"");
  }, 32);
}

TEST(ReportBounds, TwoHundredThousandHeaderLinesAreRefusedBeforeParsing) {
  std::string message = "From: a@example.org\r\nSubject: headers\r\n";
  for (int i = 0; i < 200'000; ++i) message += "X: y\r\n";
  message += "\r\nbody\r\n";
  ExpectRefusedWithin([&] {
    return Refused(ParseEmailReport(message), "more than 50000 header lines");
  }, 32);
}

// An attached message's headers follow an empty line, not a delimiter: counted all the same.
TEST(ReportBounds, HeaderLinesOfAttachedMessagesAreCounted) {
  std::string message = "From: a@example.org\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: message/rfc822\r\n\r\n";
  for (int level = 0; level < 60; ++level) {
    for (int i = 0; i < 1000; ++i) message += "X: y\r\n";
    message += "Content-Type: MESSAGE/rfc822\r\n\r\n";
  }
  message += "Content-Type: text/plain\r\n\r\nbody\r\n";
  EXPECT_TRUE(Refused(ParseEmailReport(message), "more than 50000 header lines"));
}

TEST(ReportBounds, BodyLinesAreNotHeaderLines) {
  std::string message = "From: a@example.org\r\nSubject: long body\r\n\r\n";
  for (int i = 0; i < 60'000; ++i) message += "a line: of the body\r\n";
  const auto report = ParseEmailReport(message);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report.value().subject, "long body");
}

}  // namespace
}  // namespace pocsift
