// Regression tests for the parser bugs the fuzz targets found (docs/fuzzing.md, "Found and
// fixed"). The crashing inputs themselves are replayed from regressions/<target>/.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "engine/bundle.h"
#include "engine/placeholders.h"
#include "engine/wire_request.h"
#include "tests/support/archive_writer.h"
#include "tests/support/temp_dir.h"

namespace pocsift {
namespace {

// "{{size:" over and over without a "}}": each one searched the whole rest of the text for
// its close, so a 1 MB manifest value took minutes (quadratic). Linear now; ctest's timeout
// catches a return of the quadratic scan (4 MB would take hours).
TEST(PlaceholderScan, UnclosedSizePlaceholdersAreScannedOnce) {
  std::string text;
  while (text.size() < (4u << 20)) text += "{{size:";
  EXPECT_EQ(ExpandPlaceholders(text, MeasurementPlaceholders()), text);
  EXPECT_FALSE(LargestSizePlaceholder(text));
}

TEST(PlaceholderScan, CloseBeyondTheLongestNumberIsNotAPlaceholder) {
  EXPECT_EQ(LargestSizePlaceholder("{{size:123456789012345}}"), 123456789012345u);
  EXPECT_FALSE(LargestSizePlaceholder("{{size:1234567890123456}}"));
  EXPECT_EQ(ExpandPlaceholders("{{size:1234567890123456}}", MeasurementPlaceholders(), 7),
            "{{size:1234567890123456}}");
  EXPECT_EQ(ExpandPlaceholders("a{{size:12}}b{{size:", MeasurementPlaceholders(), 7),
            "a7b{{size:");
}

// A json body with a key "{{marker}}" and a key spelled like the measurement marker: rebuilt
// as an object, the two merged when sizes were measured but not in the run, so the body a
// run sent was longer than the one the size rule judged (found by the wire fuzz target).
TEST(JsonBodySize, KeysThatExpandAlikeAreMeasuredAsSent) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.json = nlohmann::ordered_json::parse(
      R"({"{{marker}}": "{{xss}}", "psm0000000000000000": [1, {"k": "{{size:9}}"}]})");
  const WireRequest measured = BuildWireRequest(request, {}, MeasurementPlaceholders());
  const WireRequest sent =
      BuildWireRequest(request, {}, PlaceholdersForNonce("9f86d081884c7d65"));
  EXPECT_EQ(measured.body_bytes, sent.body_bytes);
  EXPECT_EQ(measured.body,
            R"({"psm0000000000000000":"<script>pocsift_xss(\"0000000000000000\")</script>",)"
            R"("psm0000000000000000":[1,{"k":"9"}]})");
  EXPECT_EQ(nlohmann::ordered_json::parse(sent.body).size(), 2u);
}

// libarchive ends some messages with a newline ("ZIP uncompressed data is wrong size …\n"),
// and names in messages came from the archive as they were: a bundle's error took two lines
// (found by the bundle fuzz target).
TEST(BundleErrors, AreOneLineWhateverLibarchiveOrTheNamesSay) {
  testing::TempDir dir;
  // The fuzz target's input: a mode byte (0: as it is), then a zip whose central directory
  // and local header disagree on README.md's size.
  std::ifstream in(std::string(POCSIFT_FUZZ_REGRESSIONS_DIR) + "/bundle/zip-message-ends-in-newline",
                   std::ios::binary);
  const std::string input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_GT(input.size(), 1u);
  std::ofstream(dir.path() / "bad.zip", std::ios::binary) << input.substr(1);
  const auto wrong_size = LoadBundle(dir.path() / "bad.zip");
  ASSERT_FALSE(wrong_size);
  EXPECT_NE(wrong_size.error().message.find("wrong size"), std::string::npos);
  EXPECT_EQ(wrong_size.error().message.find_first_of("\r\n"), std::string::npos)
      << wrong_size.error().message;

  testing::WriteArchive(dir.path() / "fifo.tar.gz", testing::ArchiveFormat::kTarGz,
                        {{.name = "a\nb", .kind = testing::ArchiveMember::Kind::kFifo}});
  const auto fifo = LoadBundle(dir.path() / "fifo.tar.gz");
  ASSERT_FALSE(fifo);
  EXPECT_NE(fifo.error().message.find("\"a\\x0ab\" is a device"), std::string::npos)
      << fifo.error().message;
}

}  // namespace
}  // namespace pocsift
