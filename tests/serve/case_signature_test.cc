// Duplicate signatures: what reproduced and where, independent of markers and line numbers.
#include "engine/serve/case_signature.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

using nlohmann::ordered_json;

ordered_json Record(const std::string& marker, int line) {
  return ordered_json::parse(R"({
    "oracles": [
      {"oracle": "exception", "fired": true, "evidence": {"frames": [
        {"file": "django/db/models/query_utils.py", "function": "__init__", "line": 72, "origin": "django"}]}},
      {"oracle": "sql-injection", "fired": true, "evidence": {
        "statement": "SELECT )" +
                             marker + R"(", "marker": ")" + marker + R"(",
        "placement": "in the statement's own syntax"}},
      {"oracle": "xss", "fired": false, "evidence": {}},
      {"oracle": "denial-of-service", "fired": true, "evidence": {"frames": [
        {"file": "pocapp/views.py", "function": "view", "line": 3, "origin": "poc"},
        {"file": "django/utils/text.py", "function": "wrap", "line": )" +
                             std::to_string(line) + R"(, "origin": "django"}]}}
    ],
    "affected": [
      {"series": "4.2", "reproduced": true}, {"series": "5.2", "reproduced": false},
      {"series": "6.0", "reproduced": null}
    ]})");
}

TEST(CaseSignature, NamesOraclesWhereAndSeries) {
  const auto signature = CaseSignature(Record("m1", 10));
  ASSERT_TRUE(signature);
  EXPECT_EQ(*signature,
            R"({"oracles":[{"oracle":"denial-of-service","where":["django/utils/text.py:wrap"]},)"
            R"({"oracle":"sql-injection","where":["placement:in the statement's own syntax"]}],)"
            R"("series":["4.2"]})");
}

TEST(CaseSignature, IgnoresMarkersAndLineNumbers) {
  EXPECT_EQ(CaseSignature(Record("m1", 10)), CaseSignature(Record("other-marker", 99)));
}

TEST(CaseSignature, NoneWhenNothingFired) {
  EXPECT_FALSE(CaseSignature(ordered_json::parse(
      R"({"oracles": [{"oracle": "exception", "fired": true}], "affected": []})")));
  EXPECT_FALSE(CaseSignature(ordered_json::parse(R"({"oracles": []})")));
  EXPECT_FALSE(CaseSignature(ordered_json::object()));
}

}  // namespace
}  // namespace pocsift
