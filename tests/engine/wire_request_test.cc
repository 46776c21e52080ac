#include "engine/wire_request.h"

#include <gtest/gtest.h>

#include <limits>

namespace pocsift {
namespace {

TEST(FormEncode, MatchesPythonUrlencode) {
  // urllib.parse.urlencode([("q", "a b&c"), ("x", "é/~")]) == "q=a+b%26c&x=%C3%A9%2F~"
  EXPECT_EQ(FormEncode({{"q", "a b&c"}, {"x", "\xc3\xa9/~"}}), "q=a+b%26c&x=%C3%A9%2F~");
}

TEST(BuildWireRequest, BuildsTargetHeadersAndCookieLine) {
  Request request;
  request.method = "POST";
  request.path = "/items/";
  request.query = {{"q", "{{marker}}"}};
  request.headers = {{"X-Trace", "1"}};
  request.cookies = {{"a", "1"}, {"b", "2"}};
  request.form = std::vector<NameValue>{{"name", "x y"}};
  const auto wire = BuildWireRequest(request, {}, PlaceholdersForNonce("0123456789abcdef"));
  EXPECT_EQ(wire.target, "/items/?q=psm0123456789abcdef");
  EXPECT_EQ(wire.header_lines,
            (std::vector<std::string>{"X-Trace: 1", "Cookie: a=1; b=2",
                                      "Content-Type: application/x-www-form-urlencoded"}));
  EXPECT_EQ(wire.body, "name=x+y");
  EXPECT_EQ(wire.body_bytes, 8u);
}

TEST(BuildWireRequest, PlaceholdersHaveTheSameLengthForEveryNonce) {
  const auto a = PlaceholdersForNonce("0000000000000000");
  const auto b = PlaceholdersForNonce("fedcba9876543210");
  EXPECT_EQ(a.marker.size(), b.marker.size());
  EXPECT_EQ(a.xss.size(), b.xss.size());
  EXPECT_EQ(a.evil_host.size(), b.evil_host.size());
}

TEST(BuildWireRequest, SizesAGeneratedBodyWithoutBuildingIt) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.body_repeat = BodyRepeat{"[{", 40000, false, "x=", "}"};
  const auto wire = BuildWireRequest(request, {}, MeasurementPlaceholders());
  EXPECT_EQ(wire.body_bytes, 2u * 40000u + 3u);
  EXPECT_TRUE(wire.body.empty());
}

TEST(BuildWireRequest, GeneratedBodySizeSaturatesInsteadOfOverflowing) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.body_repeat = BodyRepeat{std::string(1 << 20, 'a'), 1ull << 53, false, "", ""};
  const auto wire = BuildWireRequest(request, {}, MeasurementPlaceholders());
  EXPECT_EQ(wire.body_bytes, std::numeric_limits<std::uint64_t>::max());
}

TEST(BuildWireRequest, SizePlaceholderUsesTheLargestOrTheSweepPoint) {
  Request request;
  request.method = "GET";
  request.path = "/";
  request.query = {{"n", "{{size:40000}}"}};
  request.body_repeat = BodyRepeat{"ab", 40000, true, "", ""};
  const auto top = BuildWireRequest(request, {}, MeasurementPlaceholders());
  EXPECT_EQ(top.target, "/?n=40000");
  EXPECT_EQ(top.body_bytes, 80000u);
  EXPECT_EQ(top.swept_size, 40000u);
  const auto point = BuildWireRequest(request, {}, MeasurementPlaceholders(), 5000);
  EXPECT_EQ(point.target, "/?n=5000");
  EXPECT_EQ(point.body_bytes, 10000u);
}

TEST(BuildWireRequest, BodyFileIsSizedFromTheBundle) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.body_file = "payload.bin";
  const auto wire =
      BuildWireRequest(request, {{"payload.bin", std::string(1234, 'z')}}, MeasurementPlaceholders());
  EXPECT_EQ(wire.body_bytes, 1234u);
  EXPECT_EQ(wire.body_file, "payload.bin");
}

TEST(BuildWireRequest, JsonBodyIsCompact) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.json = nlohmann::ordered_json{{"b", 1}, {"a", {1, 2}}};
  const auto wire = BuildWireRequest(request, {}, MeasurementPlaceholders());
  EXPECT_EQ(wire.body, R"({"b":1,"a":[1,2]})");
  EXPECT_EQ(wire.header_lines.back(), "Content-Type: application/json");
}

TEST(BuildWireRequest, JsonPlaceholdersStayValidJson) {
  Request request;
  request.method = "POST";
  request.path = "/";
  request.json = nlohmann::ordered_json{{"comment", "{{xss}}"}, {"{{marker}}", 1}};
  const auto wire = BuildWireRequest(request, {}, MeasurementPlaceholders());
  const auto parsed = nlohmann::json::parse(wire.body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << wire.body;
  EXPECT_EQ(parsed["comment"], MeasurementPlaceholders().xss);
  EXPECT_EQ(parsed[MeasurementPlaceholders().marker], 1);
}

}  // namespace
}  // namespace pocsift
