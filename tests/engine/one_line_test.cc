#include "engine/one_line.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

TEST(OneLine, EscapesControlCharactersAndBrokenUtf8AndKeepsTheRest) {
  EXPECT_EQ(OneLine("a\r\nb"), "a\\x0d\\x0ab");
  EXPECT_EQ(OneLine("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(OneLine("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(OneLine("bad\xff\xc3"), "bad\\xff\\xc3");
}

}  // namespace
}  // namespace pocsift
