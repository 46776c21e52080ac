#include <gtest/gtest.h>

#include "checks/oracles/open_redirect_oracle.h"

namespace pocsift {
namespace {

TEST(RedirectHost, ReadsTheHostABrowserWouldVisit) {
  EXPECT_EQ(RedirectHost("/accounts/profile/"), "");
  EXPECT_EQ(RedirectHost("profile/"), "");
  EXPECT_EQ(RedirectHost("https://Evil.Example/x"), "evil.example");
  EXPECT_EQ(RedirectHost("//evil.example/x"), "evil.example");
  EXPECT_EQ(RedirectHost("/\\evil.example"), "evil.example");
  EXPECT_EQ(RedirectHost("\\\\evil.example"), "evil.example");
  EXPECT_EQ(RedirectHost(" \t//evil.example"), "evil.example");
  EXPECT_EQ(RedirectHost("https://user:pw@evil.example:8443/"), "evil.example");
  EXPECT_EQ(RedirectHost("http://localhost/next"), "localhost");
  EXPECT_EQ(RedirectHost("https:evil.example"), "");
}

}  // namespace
}  // namespace pocsift
