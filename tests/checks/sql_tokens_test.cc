#include "checks/oracles/sql_tokens.h"

#include <gtest/gtest.h>

#include <string>

namespace pocsift {
namespace {

SqlPlacement Place(const std::string& sql, const std::string& needle) {
  return PlaceInSql(LexSql(sql), sql.find(needle), needle.size());
}

TEST(PlaceInSql, QuotedTextIsInsideItsToken) {
  EXPECT_EQ(Place(R"(SELECT 'a MARK b' FROM t)", "MARK"), SqlPlacement::kInsideString);
  EXPECT_EQ(Place(R"(SELECT "MARK" AS x)", "MARK"), SqlPlacement::kInsideIdentifier);
  EXPECT_EQ(Place("SELECT `MARK`", "MARK"), SqlPlacement::kInsideIdentifier);
  EXPECT_EQ(Place("SELECT [MARK]", "MARK"), SqlPlacement::kInsideIdentifier);
}

TEST(PlaceInSql, DoubledQuotesDoNotEndTheToken) {
  EXPECT_EQ(Place(R"(SELECT 'it''s MARK' FROM t)", "MARK"), SqlPlacement::kInsideString);
  EXPECT_EQ(Place(R"(SELECT "a""MARK" FROM t)", "MARK"), SqlPlacement::kInsideIdentifier);
}

TEST(PlaceInSql, TextOutsideQuotesEscapes) {
  EXPECT_EQ(Place(R"(WHERE ("a" = %s OR MARK OR "b" = %s))", "MARK"), SqlPlacement::kBare);
  EXPECT_EQ(Place("WHERE a = 1 -- MARK\nAND b", "MARK"), SqlPlacement::kComment);
  EXPECT_EQ(Place("WHERE a = 1 /* MARK */", "MARK"), SqlPlacement::kComment);
}

TEST(PlaceInSql, BreakingOutOfAQuoteCrossesTokens) {
  // An alias that closes Django's quote: the marker straddles the identifier and bare SQL.
  const std::string sql = R"(SELECT 1 AS "x" FROM t; --MARK" FROM u)";
  EXPECT_EQ(Place(sql, "MARK"), SqlPlacement::kComment);
  EXPECT_EQ(Place(R"(SELECT "xMA"RK" FROM t)", "MA\"RK"), SqlPlacement::kCrossesTokens);
}

TEST(LexSql, UnterminatedQuoteRunsToTheEnd) {
  const auto spans = LexSql("SELECT 'abc");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].kind, SqlTokenKind::kString);
  EXPECT_EQ(spans[1].end, 11u);
}

}  // namespace
}  // namespace pocsift
