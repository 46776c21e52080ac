// API tokens: the file format, roles, and authentication of Bearer headers.
#include "engine/serve/api_tokens.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

const std::string kIntake(40, 'a');
const std::string kTriager(40, 'b');

ApiTokens Tokens() {
  auto tokens = ApiTokens::Parse("# comment\nintake:submit:" + kIntake +
                                     "\n\ntriager : read, admin : " + kTriager + "  # trailing\n",
                                 "tokens");
  EXPECT_TRUE(tokens) << tokens.error().message;
  return std::move(tokens).value();
}

TEST(ApiTokens, AuthenticatesABearerTokenWithItsRoles) {
  const ApiTokens tokens = Tokens();
  EXPECT_EQ(tokens.size(), 2u);
  auto intake = tokens.Authenticate("Bearer " + kIntake);
  ASSERT_TRUE(intake);
  EXPECT_EQ(intake->name, "intake");
  EXPECT_TRUE(intake->Has(kRoleSubmit));
  EXPECT_FALSE(intake->Has(kRoleRead));
  auto triager = tokens.Authenticate("Bearer " + kTriager);
  ASSERT_TRUE(triager);
  EXPECT_TRUE(triager->Has(kRoleRead));
  EXPECT_TRUE(triager->Has(kRoleSubmit)) << "admin implies every role";
}

TEST(ApiTokens, RefusesWrongMissingAndPrefixTokens) {
  const ApiTokens tokens = Tokens();
  for (const std::string& header : std::vector<std::string>{
           std::string(), "Bearer", "Bearer ", "Bearer " + kIntake.substr(1),
           "Bearer " + kIntake + "x", "Basic " + kIntake, kIntake, "bearer " + kIntake})
    EXPECT_FALSE(tokens.Authenticate(header)) << header;
}

TEST(ApiTokens, ParseErrorsNameTheEntry) {
  struct Case {
    std::string text;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {"", "no API token"},
           {"x:submit", "expected <name>:<roles>:<token>"},
           {":submit:" + kIntake, "the name is empty"},
           {"x:write:" + kIntake, "unknown role \"write\""},
           {"x::" + kIntake, "no role given"},
           {"x:submit:short", "shorter than 32"},
           {"link:read:" + kIntake, "reserved"},
       }) {
    auto parsed = ApiTokens::Parse(c.text, "tokens");
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_NE(parsed.error().message.find(c.message), std::string::npos) << parsed.error().message;
  }
}

TEST(ApiTokens, SemicolonsSeparateEntriesInTheEnvironment) {
  auto tokens = ApiTokens::Parse("a:submit:" + kIntake + ";b:read:" + kTriager, "env");
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens.value().size(), 2u);
}

TEST(SecretsEqual, ComparesWholeValues) {
  EXPECT_TRUE(SecretsEqual("abc", "abc"));
  EXPECT_FALSE(SecretsEqual("abc", "abd"));
  EXPECT_FALSE(SecretsEqual("abc", "abcd"));
  EXPECT_FALSE(SecretsEqual("", "a"));
}

}  // namespace
}  // namespace pocsift
