#include "engine/bundle_path.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

struct PathCase {
  const char* raw;
  const char* normalized;  // nullptr: refused
  const char* message_part;
};

class NormalizeBundlePathTest : public ::testing::TestWithParam<PathCase> {};

TEST_P(NormalizeBundlePathTest, AcceptsOrRefusesWithReason) {
  const PathCase& c = GetParam();
  const auto result = NormalizeBundlePath(c.raw, BundleLimits{});
  if (c.normalized != nullptr) {
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result.value(), c.normalized);
  } else {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::kBadInput);
    EXPECT_NE(result.error().message.find(c.message_part), std::string::npos)
        << result.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeBundlePathTest,
    ::testing::Values(PathCase{"poc.json", "poc.json", ""},
                      PathCase{"./pocapp/views.py", "pocapp/views.py", ""},
                      PathCase{"pocapp/", "pocapp", ""},
                      PathCase{"../etc/passwd", nullptr, "leaves the bundle"},
                      PathCase{"pocapp/../../x", nullptr, "leaves the bundle"},
                      PathCase{"/etc/passwd", nullptr, "absolute"},
                      PathCase{"a//b", nullptr, "empty"},
                      PathCase{"a/./b", nullptr, "empty"},
                      PathCase{"a\\..\\b", nullptr, "backslash"},
                      PathCase{"a\nb", nullptr, "control"},
                      PathCase{"caf\xc3\xa9.py", "caf\xc3\xa9.py", ""},
                      PathCase{"bad\xff.py", nullptr, "UTF-8"},
                      PathCase{"", nullptr, "names no file"},
                      PathCase{".", nullptr, "names no file"}));

TEST(NormalizeBundlePath, RefusesPathsDeeperThanTheCap) {
  std::string deep;
  for (int i = 0; i < 33; ++i) deep += "d/";
  deep += "f";
  const auto result = NormalizeBundlePath(deep, BundleLimits{});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("deeper"), std::string::npos);
}

TEST(NormalizeBundlePath, RefusesPathsLongerThanTheCap) {
  const auto result = NormalizeBundlePath(std::string(513, 'a'), BundleLimits{});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("longer than 512"), std::string::npos);
}

TEST(ResolveLinkTarget, StaysInsideOrIsRefused) {
  const BundleLimits limits;
  EXPECT_EQ(ResolveLinkTarget("pocapp/link.py", "views.py", limits).value(), "pocapp/views.py");
  EXPECT_EQ(ResolveLinkTarget("pocapp/link.py", "../README.md", limits).value(), "README.md");
  EXPECT_FALSE(ResolveLinkTarget("pocapp/link.py", "../../etc/passwd", limits));
  EXPECT_FALSE(ResolveLinkTarget("link", "/etc/passwd", limits));
  EXPECT_FALSE(ResolveLinkTarget("link", ".", limits));
}

}  // namespace
}  // namespace pocsift
