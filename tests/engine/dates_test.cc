#include "engine/dates.h"

#include <gtest/gtest.h>

#include "engine/case_record.h"

namespace pocsift {
namespace {

Instant At(const char* text) { return ParseInstant(text).value(); }

TEST(ParseInstant, ReadsDatesAndRfc3339Times) {
  EXPECT_EQ(FormatInstant(At("2026-11-20")), "2026-11-20T00:00:00Z");
  EXPECT_EQ(FormatInstant(At("2026-11-20T09:30:00Z")), "2026-11-20T09:30:00Z");
  EXPECT_EQ(FormatInstant(At("2026-11-20T09:30:00.123+02:00")), "2026-11-20T07:30:00Z");
  EXPECT_EQ(FormatInstant(At("2026-11-20T23:30-05:00")), "2026-11-21T04:30:00Z");
}

TEST(ParseInstant, RefusesMalformedAndImpossibleDates) {
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "20261120", "2026-11-20T25:00:00Z",
                          "2026-11-20T09:30:00", "yesterday", "2026-11-20T09:30:00Zjunk"}) {
    const auto result = ParseInstant(bad);
    EXPECT_FALSE(result) << bad;
    if (!result) {
      EXPECT_EQ(result.error().kind, ErrorKind::kBadInput);
    }
  }
}

TEST(AckDue, SkipsTheWeekend) {
  EXPECT_EQ(FormatDate(AckDue(At("2026-11-20T09:30:00Z"))), "2026-11-25");  // Fri -> Wed
  EXPECT_EQ(FormatDate(AckDue(At("2026-11-23"))), "2026-11-26");            // Mon -> Thu
  EXPECT_EQ(FormatDate(AckDue(At("2026-11-21"))), "2026-11-25");            // Sat -> Wed
}

TEST(AckDue, UsesTheUtcDate) {
  // 23:30 in New York on Thursday is Friday in UTC.
  EXPECT_EQ(FormatDate(AckDue(At("2026-11-19T23:30:00-05:00"))), "2026-11-25");
}

TEST(ResolutionDue, IsNinetyDaysLater) {
  EXPECT_EQ(FormatDate(ResolutionDue(At("2026-11-20T09:30:00Z"))), "2027-02-18");
  EXPECT_EQ(FormatDate(ResolutionDue(At("2028-01-01"))), "2028-03-31");  // leap year
}

}  // namespace
}  // namespace pocsift
