#include "engine/releases.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

Date On(const char* text) { return UtcDate(ParseInstant(text).value()); }

std::vector<std::string> Names(const std::vector<const SeriesInfo*>& series) {
  std::vector<std::string> names;
  for (const auto* info : series) names.push_back(info->series);
  return names;
}

TEST(ReleaseTable, SupportedSeriesFollowTheRoadmap) {
  const auto& table = ReleaseTable::Default();
  EXPECT_EQ(Names(table.SupportedOn(On("2026-11-20"))),
            (std::vector<std::string>{"5.2", "6.0", "6.1", "main"}));
  EXPECT_EQ(Names(table.SupportedOn(On("2025-06-01"))),
            (std::vector<std::string>{"4.2", "5.1", "5.2", "main"}));
}

TEST(ReleaseTable, EndOfSupportDayIsStillSupported) {
  const auto& table = ReleaseTable::Default();
  EXPECT_TRUE(table.IsSupported("4.2", On("2026-04-30")));
  EXPECT_FALSE(table.IsSupported("4.2", On("2026-05-01")));
  EXPECT_FALSE(table.IsSupported("6.1", On("2026-08-04")));
  EXPECT_FALSE(table.IsSupported("9.9", On("2026-08-04")));
}

}  // namespace
}  // namespace pocsift
