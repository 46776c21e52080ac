#include "engine/manifest.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

const FileMap kFiles = {{"poc.json", ""},
                        {"README.md", "Run it."},
                        {"pocapp/views.py", "x = 1\n"},
                        {"body.bin", "payload"}};

Json Valid() {
  return {{"format", "pocsift-bundle/1"},
          {"title", "t"},
          {"instructions", "README.md"},
          {"app", {{"package", "pocapp"}}},
          {"steps", Json::array({{{"name", "attack"},
                                  {"request", {{"method", "GET"}, {"path", "/items/"}}}}})}};
}

std::string ErrorOf(const Json& doc) {
  const auto result = ParseManifest(doc.dump(), kFiles);
  if (result) return "(parsed)";
  EXPECT_EQ(result.error().kind, ErrorKind::kBadInput);
  return result.error().message;
}

TEST(ParseManifest, ReadsAValidManifest) {
  Json doc = Valid();
  doc["steps"][0]["request"]["query"] = Json::array({{"q", "a"}, {"q", "b"}});
  doc["steps"][0]["request"]["cookies"] = {{"z", "1"}, {"a", "2"}};
  const auto result = ParseManifest(doc.dump(), kFiles);
  ASSERT_TRUE(result) << result.error().message;
  const Manifest& m = result.value();
  EXPECT_EQ(m.app->urls, "pocapp.urls");
  ASSERT_EQ(m.steps.size(), 1u);
  EXPECT_EQ(m.steps[0].request->query[1].value, "b");
  EXPECT_EQ(m.steps[0].request->cookies[0].name, "z");  // manifest order kept
  EXPECT_EQ(m.steps[0].request->user, "anonymous");
}

TEST(ParseManifest, ErrorsNameTheJsonPath) {
  Json doc = Valid();
  doc["steps"][0]["request"]["path"] = 7;
  EXPECT_EQ(ErrorOf(doc), "poc.json: steps[0].request.path: expected a string, got number");
}

TEST(ParseManifest, RefusesUnknownFormat) {
  Json doc = Valid();
  doc["format"] = "pocsift-bundle/9";
  EXPECT_NE(ErrorOf(doc).find("format: \"pocsift-bundle/9\" is not a format"), std::string::npos);
}

TEST(ParseManifest, RefusesUnknownFieldsWithTheAllowedOnes) {
  Json doc = Valid();
  doc["step"] = Json::array();
  EXPECT_NE(ErrorOf(doc).find("step: unknown field (allowed here: format"), std::string::npos);
}

TEST(ParseManifest, RefusesMissingReferencedFiles) {
  Json doc = Valid();
  doc["instructions"] = "HOWTO.md";
  EXPECT_NE(ErrorOf(doc).find("instructions: \"HOWTO.md\" is not in the bundle"),
            std::string::npos);
  doc = Valid();
  doc["steps"][0]["request"]["body_file"] = "missing.bin";
  EXPECT_NE(ErrorOf(doc).find("steps[0].request.body_file"), std::string::npos);
  doc = Valid();
  doc["app"]["package"] = "otherapp";
  EXPECT_NE(ErrorOf(doc).find("no folder \"otherapp/\""), std::string::npos);
  doc = Valid();
  doc["steps"][0]["request"]["body_file"] = "../etc/passwd";
  EXPECT_NE(ErrorOf(doc).find("leaves the bundle"), std::string::npos);
}

TEST(ParseManifest, RefusesTwoBodySources) {
  Json doc = Valid();
  doc["steps"][0]["request"]["body"] = "a";
  doc["steps"][0]["request"]["json"] = {{"a", 1}};
  EXPECT_NE(ErrorOf(doc).find("use only one of body"), std::string::npos);
}

TEST(ParseManifest, ReadsSizePlaceholderCounts) {
  Json doc = Valid();
  doc["steps"][0]["request"]["body_repeat"] = {{"unit", "[{"}, {"count", "{{size:40000}}"}};
  const auto result = ParseManifest(doc.dump(), kFiles);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result.value().steps[0].request->body_repeat->count, 40000u);
  EXPECT_TRUE(result.value().steps[0].request->body_repeat->count_is_sweep);
  doc["steps"][0]["request"]["body_repeat"]["count"] = "{{size:x}}";
  EXPECT_NE(ErrorOf(doc).find("body_repeat.count"), std::string::npos);
  doc["steps"][0]["request"]["body_repeat"]["count"] = -1;
  EXPECT_NE(ErrorOf(doc).find("body_repeat.count"), std::string::npos);
}

TEST(ParseManifest, RefusesHeaderInjectionInValues) {
  Json doc = Valid();
  doc["steps"][0]["request"]["headers"] = Json::array({{"X-A", "a\r\nSet-Cookie: x"}});
  EXPECT_NE(ErrorOf(doc).find("headers[0][1]: contains CR, LF or NUL"), std::string::npos);
  doc["steps"][0]["request"]["headers"] = Json::array({{"Bad Name", "a"}});
  EXPECT_NE(ErrorOf(doc).find("not a valid header name"), std::string::npos);
}

TEST(ParseManifest, RefusesDuplicateStepNamesAndUnknownExpectations) {
  Json doc = Valid();
  doc["steps"].push_back(doc["steps"][0]);
  EXPECT_NE(ErrorOf(doc).find("steps[1].name: \"attack\" is used by an earlier step"),
            std::string::npos);
  doc = Valid();
  doc["expect"] = Json::array({{{"oracle", "sql-injection"}, {"step", "nope"}}});
  EXPECT_NE(ErrorOf(doc).find("no step is named \"nope\""), std::string::npos);
  doc["expect"] = Json::array({{{"oracle", "magic"}}});
  EXPECT_NE(ErrorOf(doc).find("\"magic\" is not one of"), std::string::npos);
}

TEST(ParseManifest, RefusesBadReceivedDate) {
  Json doc = Valid();
  doc["received"] = "last tuesday";
  EXPECT_NE(ErrorOf(doc).find("received: \"last tuesday\" is not a date"), std::string::npos);
}

TEST(ParseManifest, RefusesInvalidUtf8WithItsOffset) {
  std::string text = Valid().dump();
  text.insert(text.find("\"t\"") + 1, "\xc3\x28");
  const auto result = ParseManifest(text, kFiles);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("invalid UTF-8 at byte"), std::string::npos);
}

TEST(ParseManifest, RefusesDeepNestingWithoutRecursingIntoIt) {
  const std::string deep = "{\"format\":\"pocsift-bundle/1\",\"title\":" +
                           std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto result = ParseManifest(deep, kFiles);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("nested deeper than 64"), std::string::npos);
}

TEST(ParseManifest, MalformedJsonGivesOneLine) {
  for (const char* text : {"", "{", "[]", "{\"format\": }", "null"}) {
    const auto result = ParseManifest(text, kFiles);
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
    EXPECT_TRUE(result.error().message.starts_with("poc.json: ")) << result.error().message;
  }
}

TEST(ParseManifest, AppAndStepsAreOptional) {
  const Json doc = {{"format", "pocsift-bundle/1"}};
  const auto result = ParseManifest(doc.dump(), kFiles);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result.value().app);
  EXPECT_TRUE(result.value().steps.empty());
}

}  // namespace
}  // namespace pocsift

namespace pocsift {
namespace {

TEST(ParseManifest, HostileNamesCannotBreakTheErrorLine) {
  const auto result = ParseManifest(R"({"format": "x\r\npocsift: forged", "bad\nkey": 1})", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.find('\n'), std::string::npos) << result.error().message;
  EXPECT_EQ(result.error().message.find('\r'), std::string::npos);
}

}  // namespace
}  // namespace pocsift
