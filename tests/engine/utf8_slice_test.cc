// Utf8Slice: cuts of well-formed text stay well-formed, moved inward to whole characters.
#include <gtest/gtest.h>

#include <limits>

#include "engine/utf8.h"

namespace pocsift {
namespace {

struct Case {
  const char* name;
  std::string text;
  std::size_t begin, length;
  std::string expected;
};

class Utf8SliceTest : public ::testing::TestWithParam<Case> {};

TEST_P(Utf8SliceTest, KeepsWholeCharacters) {
  const Case& c = GetParam();
  const std::string_view slice = Utf8Slice(c.text, c.begin, c.length);
  EXPECT_EQ(slice, c.expected);
  EXPECT_FALSE(FindInvalidUtf8(slice).has_value());
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

INSTANTIATE_TEST_SUITE_P(
    Cuts, Utf8SliceTest,
    ::testing::Values(
        Case{"Ascii", "abcdef", 1, 3, "bcd"},
        Case{"EndInsideTwoBytes", "a\xc3\xa9z", 0, 2, "a"},
        Case{"EndAfterTwoBytes", "a\xc3\xa9z", 0, 3, "a\xc3\xa9"},
        Case{"BeginInsideTwoBytes", "a\xc3\xa9z", 2, 5, "z"},
        Case{"BeginInsideFourBytes", "\xf0\x9f\x98\x80!", 1, 10, "!"},
        Case{"EndInsideFourBytes", "!\xf0\x9f\x98\x80", 0, 4, "!"},
        Case{"InsideOneCharacter", "\xe2\x82\xac", 1, 1, ""},
        Case{"BeginPastTheEnd", "abc", 7, 2, ""},
        Case{"LengthPastTheEnd", "ab\xc3\xa9", 1, std::numeric_limits<std::size_t>::max(),
             "b\xc3\xa9"}),
    [](const ::testing::TestParamInfo<Case>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace pocsift
