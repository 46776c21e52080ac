#include "engine/verdict.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

Finding Fail(const char* rule) {
  Finding f;
  f.rule = rule;
  f.outcome = Outcome::kFail;
  return f;
}

Finding Pass(const char* rule) {
  Finding f;
  f.rule = rule;
  return f;
}

DynamicOutcome Reproduced(const char* severity) {
  DynamicOutcome d;
  d.ran = true;
  d.severity = severity;
  return d;
}

TEST(DecideVerdict, GuidelineFailureIsIneligibleAndListsAssessmentReasonsToo) {
  const auto v = DecideVerdict({Fail("body-over-2.5mb"), Fail("unsupported-version-only")},
                               Reproduced("moderate"), Policy());
  EXPECT_EQ(v.decision, "ineligible");
  EXPECT_EQ(v.route, "reporter");
  EXPECT_EQ(v.reasons, (std::vector<std::string>{"body-over-2.5mb", "unsupported-version-only"}));
  EXPECT_FALSE(v.severity);
}

TEST(DecideVerdict, RedirectBeatsAssessment) {
  const auto v = DecideVerdict({Fail("debug-only"), Fail("python-stdlib")}, Reproduced("moderate"),
                               Policy());
  EXPECT_EQ(v.decision, "redirect");
  EXPECT_EQ(v.route, "python-security");
  EXPECT_EQ(v.reasons, (std::vector<std::string>{"python-stdlib"}));
}

TEST(DecideVerdict, AssessmentFailureIsIneligible) {
  const auto v = DecideVerdict({Pass("url-over-8k"), Fail("manual-action")}, Reproduced("high"),
                               Policy());
  EXPECT_EQ(v.decision, "ineligible");
  EXPECT_EQ(v.reasons, (std::vector<std::string>{"manual-action"}));
}

TEST(DecideVerdict, NothingRunIsNeedsReviewNeverEligible) {
  DynamicOutcome not_run;
  not_run.not_run_reason = "--static-only was given";
  const auto v = DecideVerdict({Pass("url-over-8k")}, not_run, Policy());
  EXPECT_EQ(v.decision, "needs-review");
  EXPECT_EQ(v.route, "security-team");
  EXPECT_NE(v.summary.find("--static-only was given"), std::string::npos);
}

TEST(DecideVerdict, ReproducedWithNoFailureIsEligibleWithTheOracleSeverity) {
  const auto v = DecideVerdict({Pass("url-over-8k")}, Reproduced("high"), Policy());
  EXPECT_EQ(v.decision, "eligible");
  EXPECT_EQ(v.severity, "high");
  EXPECT_TRUE(v.reasons.empty());
}

TEST(DecideVerdict, EachReasonIsListedOnce) {
  const auto v = DecideVerdict({Fail("url-over-8k"), Fail("url-over-8k")}, {}, Policy());
  EXPECT_EQ(v.reasons, (std::vector<std::string>{"url-over-8k"}));
}

}  // namespace
}  // namespace pocsift
