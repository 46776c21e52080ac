#include "checks/registry.h"

#include <gtest/gtest.h>

#include <set>

namespace pocsift {
namespace {

TEST(Registry, EveryRuleHasAPolicyCitationAndAFix) {
  std::set<std::string_view> seen;
  std::string_view previous;
  for (const auto& rule : StaticRules()) {
    // One policy rule may be decided by adjacent rule objects of separate concerns (poc-missing:
    // the bundle's shape, and code that does not parse); never registered apart.
    EXPECT_TRUE(seen.insert(rule->id()).second || rule->id() == previous)
        << "registered twice: " << rule->id();
    previous = rule->id();
    const RuleCitation* citation = Policy().Find(rule->id());
    ASSERT_NE(citation, nullptr) << rule->id() << " is not in checks/data/policy.json";
    EXPECT_FALSE(citation->policy.empty());
    EXPECT_FALSE(citation->fix.empty());
  }
}

TEST(Registry, RunsRulesInThePolicyCataloguesOrder) {
  std::size_t last = 0;
  for (const auto& rule : StaticRules()) {
    std::size_t rank = 0;
    while (rank < Policy().rules.size() && Policy().rules[rank].id != rule->id()) ++rank;
    EXPECT_GE(rank, last) << rule->id() << " is registered out of policy.md's order";
    last = rank;
  }
}

TEST(PolicyCatalogue, LimitsAreThePolicysBinaryUnits) {
  EXPECT_EQ(Policy().limits.request_target_bytes_max_exclusive, 8192u);
  EXPECT_EQ(Policy().limits.header_line_bytes_max_exclusive, 8192u);
  EXPECT_EQ(Policy().limits.body_bytes_max_inclusive, 2621440u);
  EXPECT_EQ(Policy().limits.dtl_bytes_max_inclusive, 102400u);
}

TEST(PolicyCatalogue, RedirectRulesNameTheirRoute) {
  for (const auto& rule : Policy().rules) {
    if (rule.rule_class == RuleClass::kRedirect) {
      EXPECT_FALSE(rule.route.empty()) << rule.id;
    }
  }
  EXPECT_EQ(Policy().Find("hardening")->route, "public-tracker");
  EXPECT_EQ(Policy().Find("third-party")->route, "third-party-maintainers");
}

}  // namespace
}  // namespace pocsift
