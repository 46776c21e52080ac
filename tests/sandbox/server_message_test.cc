// ParseServerMessage against what a fork server that lies or breaks can send the helper.
#include "sandbox/server_message.h"

#include <gtest/gtest.h>

#include <string>

namespace pocsift::sandbox {
namespace {

constexpr char kExited[] =
    R"({"type": "exited", "id": 7, "status": 256, "utime_us": 1500, "stime_us": 20,)"
    R"( "maxrss_kb": 51200})";

TEST(ServerMessage, ReadsARunsEnd) {
  const auto message = ParseServerMessage(kExited);
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_EQ(message->kind, ServerMessage::Kind::kExited);
  EXPECT_EQ(message->exited.id, 7u);
  EXPECT_EQ(message->exited.wait_status, 256);
  EXPECT_EQ(message->exited.utime_us, 1500);
  EXPECT_EQ(message->exited.stime_us, 20);
  EXPECT_EQ(message->exited.maxrss_kb, 51200);
}

TEST(ServerMessage, ReadsReadyAndError) {
  const auto ready = ParseServerMessage(
      R"({"type": "ready", "django": "4.2.21", "python": "3.11.2", "setup_ms": 812.5,)"
      R"( "calibration_ms": 40})");
  ASSERT_TRUE(ready) << ready.error().message;
  EXPECT_EQ(ready->kind, ServerMessage::Kind::kReady);
  EXPECT_EQ(ready->ready["django"], "4.2.21");

  const auto error = ParseServerMessage(
      R"({"type": "error", "message": "ImportError: no module\nnamed \u00e9\u0007x"})");
  ASSERT_TRUE(error) << error.error().message;
  EXPECT_EQ(error->kind, ServerMessage::Kind::kError);
  // One printable line: control characters and bytes outside ASCII become '?'.
  EXPECT_EQ(error->error, "ImportError: no module?named ???x");
}

TEST(ServerMessage, CutsALongErrorOnAPrintableBoundary) {
  const std::string long_text(5000, 'x');
  const auto error = ParseServerMessage(R"({"type": "error", "message": ")" + long_text + "\"}");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->error.size(), kMaxErrorChars);
}

struct Malformed {
  const char* name;
  std::string bytes;
  const char* reason_part;
};

void PrintTo(const Malformed& c, std::ostream* os) { *os << c.name; }

class ServerMessageMalformed : public testing::TestWithParam<Malformed> {};

TEST_P(ServerMessageMalformed, IsAnErrorNamingTheField) {
  const Malformed& c = GetParam();
  const auto message = ParseServerMessage(c.bytes);
  ASSERT_FALSE(message) << c.name;
  EXPECT_EQ(message.error().kind, ErrorKind::kInternal);
  EXPECT_NE(message.error().message.find("the fork server sent a malformed message"),
            std::string::npos);
  EXPECT_NE(message.error().message.find(c.reason_part), std::string::npos)
      << message.error().message;
  EXPECT_EQ(message.error().message.find('\n'), std::string::npos);
}

std::string Exited(const std::string& field, const std::string& value) {
  std::string text = kExited;
  const auto at = text.find("\"" + field + "\": ") + field.size() + 4;
  const auto end = text.find_first_of(",}", at);
  return text.replace(at, end - at, value);
}

INSTANTIATE_TEST_SUITE_P(
    Lies, ServerMessageMalformed,
    testing::Values(
        Malformed{"empty", "", "not JSON"},
        Malformed{"truncated", std::string(kExited).substr(0, 30), "not JSON"},
        Malformed{"invalid UTF-8", "{\"type\": \"exited\xff\"}", "not JSON"},
        Malformed{"array", R"(["exited", 1])", "not a JSON object"},
        Malformed{"no type", R"({"id": 1})", "no \"type\""},
        Malformed{"type not a string", R"({"type": 3})", "no \"type\""},
        Malformed{"unknown type", "{\"type\": \"exec\\u0000\\u00ff\"}", "unknown type \"exec???\""},
        Malformed{"status a string", Exited("status", "\"0\""), "\"status\" is not an integer"},
        Malformed{"status a float", Exited("status", "1.5"), "\"status\" is not an integer"},
        Malformed{"status negative", Exited("status", "-1"), "\"status\" out of range"},
        Malformed{"status too big", Exited("status", "65536"), "\"status\" out of range"},
        Malformed{"id zero", Exited("id", "0"), "\"id\" out of range"},
        Malformed{"id negative", Exited("id", "-7"), "\"id\" out of range"},
        Malformed{"id over int64", Exited("id", "18446744073709551615"), "\"id\" out of range"},
        Malformed{"id null", Exited("id", "null"), "\"id\" is not an integer"},
        Malformed{"negative CPU", Exited("utime_us", "-5"), "\"utime_us\" out of range"},
        Malformed{"a year of CPU", Exited("stime_us", "31536000000000"), "\"stime_us\" out of range"},
        Malformed{"rss an object", Exited("maxrss_kb", "{}"), "\"maxrss_kb\" is not an integer"},
        Malformed{"no status", R"({"type": "exited", "id": 1})", "no \"status\""},
        Malformed{"ready without django", R"({"type": "ready", "python": "3.11"})",
                  "\"django\" is not a short string"},
        Malformed{"ready with a long version",
                  R"({"type": "ready", "django": ")" + std::string(100, '4') +
                      R"(", "python": "3.11", "setup_ms": 1, "calibration_ms": 1})",
                  "\"django\" is not a short string"},
        Malformed{"ready with negative time",
                  R"({"type": "ready", "django": "4.2", "python": "3.11", "setup_ms": -1,)"
                  R"( "calibration_ms": 1})",
                  "\"setup_ms\" is not a non-negative number"},
        Malformed{"error without message", R"({"type": "error"})", "an error without a message"}),
    [](const testing::TestParamInfo<Malformed>& param) {
      std::string name;
      for (const char c : std::string(param.param.name)) name += std::isalnum(c) ? c : '_';
      return name;
    });

}  // namespace
}  // namespace pocsift::sandbox
