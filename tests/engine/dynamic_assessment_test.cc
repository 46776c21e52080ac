// The assessment rules decided from runs, on synthetic runs (no sandbox): which settings class
// a reproduction needs, supported versions, attribution, and steadiness.
#include "engine/dynamic_assessment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

class Runs {
 public:
  // A run of `runtime` (id = series) and `variant`; `oracle` fired unless empty.
  Runs& Add(const std::string& runtime, std::string_view variant, const std::string& oracle,
            const std::string& origin = "django", const std::string& status = "ok") {
    RunRecord& run = records_.emplace_back();
    run.runtime_id = run.series = runtime;
    run.django_version = runtime + ".1";
    run.variant = std::string(variant);
    run.status = status;
    run.failure_reason = status == "ok" ? "" : "the harness died";
    std::vector<OracleHit> hits;
    if (!oracle.empty()) hits.push_back({oracle, "attack", origin, Json::object()});
    observed_.push_back({&run, hits});
    return *this;
  }
  Runs& Repeat(int times, const std::string& runtime, std::string_view variant,
               const std::string& oracle, const std::string& origin = "django") {
    for (int i = 0; i < times; ++i) Add(runtime, variant, oracle, origin);
    return *this;
  }
  // A run of `variant` whose one step "attack" took `cpu_ms`, at sweep point `size`.
  Runs& Timed(const std::string& runtime, std::string_view variant, double cpu_ms,
              std::optional<std::uint64_t> size, const std::string& origin = "django") {
    Add(runtime, variant, "");
    RunRecord& run = records_.back();
    run.swept_size = size;
    run.steps.push_back({{"type", "step"}, {"name", "attack"}, {"cpu_ms", cpu_ms},
                         {"time_split", {{"innermost", {{origin, 10}}}}}});
    return *this;
  }
  const std::vector<ObservedRun>& observed() const { return observed_; }

 private:
  std::deque<RunRecord> records_;  // stable addresses
  std::vector<ObservedRun> observed_;
};

Bundle WithSettings(Json settings) {
  Bundle bundle;
  bundle.manifest.claim.category = "sql-injection";
  bundle.manifest.app = App{"pocapp", "pocapp.urls", std::move(settings), {}};
  return bundle;
}

std::vector<std::string> Failed(const DynamicAssessment& a) {
  std::vector<std::string> rules;
  for (const auto& f : a.findings)
    if (f.outcome == Outcome::kFail) rules.push_back(f.rule);
  return rules;
}

// The release table's dates: on 2026-11-20, 5.2 and 6.1 are supported, 4.2 is not.
const Date kReceived = UtcDate(ParseInstant("2026-11-20").value());

DynamicAssessment Assess(const Bundle& bundle, const Runs& runs) {
  std::vector<AffectedRow> affected;
  return AssessRuns(bundle, runs.observed(), ReleaseTable::Default(), kReceived, affected);
}

TEST(AssessRuns, SteadyBaselineReproductionIsEligibleWithTheOracleSeverity) {
  Runs runs;
  runs.Repeat(3, "5.2", kBaselineVariant, "sql-injection").Add("4.2", kBaselineVariant, "");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_TRUE(Failed(a).empty());
  EXPECT_EQ(a.outcome.severity, "high");
  EXPECT_TRUE(a.claim_check["matches"].get<bool>());
}

TEST(AssessRuns, OnlyUnsupportedSeriesReproduce) {
  Runs runs;
  runs.Repeat(3, "4.2", kBaselineVariant, "sql-injection")
      .Add("5.2", kBaselineVariant, "")
      .Add("6.1", kBaselineVariant, "");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"unsupported-version-only"});
  EXPECT_FALSE(a.outcome.severity);
}

TEST(AssessRuns, UnsupportedOnlyNeedsEverySupportedSeriesTested) {
  Runs runs;
  runs.Repeat(3, "4.2", kBaselineVariant, "sql-injection")
      .Add("5.2", kBaselineVariant, "")
      .Add("6.1", kBaselineVariant, "", "django", "failed");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_TRUE(Failed(a).empty());
  EXPECT_EQ(a.outcome.failed_runs.size(), 1u);
}

TEST(AssessRuns, RaisedUploadLimitsMakeItHardening) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "").Repeat(3, "5.2", kReporterVariant, "denial-of-service");
  const auto a = Assess(WithSettings({{"DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000000}}), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"hardening"});
}

TEST(AssessRuns, DebugOnlyWhenItNeedsDebug) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "").Repeat(3, "5.2", kReporterVariant, "sensitive-data-exposure");
  const auto a = Assess(WithSettings({{"DEBUG", true}}), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"debug-only"});
}

TEST(AssessRuns, BothLimitsAndDebugAreToldApartByTheOneClassRemovedRuns) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "")
      .Repeat(3, "5.2", kReporterVariant, "denial-of-service")
      .Add("5.2", kNoDebugVariant, "denial-of-service")
      .Add("5.2", kNoLimitsVariant, "");
  const auto a = Assess(WithSettings({{"DEBUG", true}, {"DATA_UPLOAD_MAX_NUMBER_FIELDS", 100000}}), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"hardening"});
}

TEST(AssessRuns, UncommonOptionCapsTheSeverityAtLow) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "").Repeat(3, "5.2", kReporterVariant, "sql-injection");
  const auto a = Assess(WithSettings({{"ALLOWED_HOSTS", {"*"}}}), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"uncommon-config"});
  EXPECT_EQ(a.outcome.severity, "low");
}

TEST(AssessRuns, EffectsOfThePocsOwnCodeFailUnsanitizedInput) {
  Runs runs;
  runs.Repeat(3, "5.2", kBaselineVariant, "remote-code-execution", "poc");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_EQ(Failed(a), (std::vector<std::string>{"unsanitized-input", "not-reproduced"}));
}

TEST(AssessRuns, UnsanitizedInputPointsAtTheFrameThatPerformedTheEffect) {
  RunRecord run;
  run.runtime_id = run.series = "5.2";
  run.django_version = "5.2.1";
  run.variant = std::string(kBaselineVariant);
  run.status = "ok";
  const Json performed = {{"file", "prefs/views.py"}, {"line", 6}, {"function", "saved"}, {"origin", "poc"}};
  const std::vector<ObservedRun> observed = {
      {&run, {{"open-redirect", "attack", "poc",
               {{"location", "https://evil.example/"}, {"performed_by", performed}}}}}};
  std::vector<AffectedRow> affected;
  const auto a = AssessRuns(WithSettings(Json::object()), observed, ReleaseTable::Default(), kReceived, affected);
  const auto finding = std::find_if(a.findings.begin(), a.findings.end(),
                                    [](const Finding& f) { return f.rule == "unsanitized-input"; });
  ASSERT_NE(finding, a.findings.end());
  EXPECT_EQ(finding->outcome, Outcome::kFail);
  EXPECT_EQ(finding->evidence["oracle"], "open-redirect");
  EXPECT_EQ(finding->evidence["performed_by"], performed);
  ASSERT_EQ(finding->locations.size(), 1u);
  EXPECT_EQ(finding->locations[0].file, "prefs/views.py");
  EXPECT_EQ(finding->locations[0].line, 6);
  EXPECT_NE(finding->message.find("open-redirect effect with request data at prefs/views.py:6"),
            std::string::npos)
      << finding->message;
  EXPECT_EQ(a.outcome.severity, std::nullopt);
}

TEST(AssessRuns, AFrameOutsideTheBundleIsNoLocation) {
  RunRecord run;
  run.runtime_id = run.series = "5.2";
  run.variant = std::string(kBaselineVariant);
  run.status = "ok";
  const std::vector<ObservedRun> observed = {
      {&run, {{"xss", "attack", "poc",
               {{"via", "the |safe filter in the template"},
                {"performed_by", {{"file", "django/template/defaultfilters.py"}, {"origin", "django"}}}}}}}};
  std::vector<AffectedRow> affected;
  const auto a = AssessRuns(WithSettings(Json::object()), observed, ReleaseTable::Default(), kReceived, affected);
  const auto finding = std::find_if(a.findings.begin(), a.findings.end(),
                                    [](const Finding& f) { return f.rule == "unsanitized-input"; });
  ASSERT_NE(finding, a.findings.end());
  EXPECT_TRUE(finding->locations.empty());
  EXPECT_NE(finding->message.find("(the |safe filter in the template)"), std::string::npos);
}

TEST(AssessRuns, StdlibAndThirdPartyRootCausesAreRedirected) {
  Runs stdlib;
  stdlib.Repeat(3, "5.2", kBaselineVariant, "denial-of-service", "stdlib");
  EXPECT_EQ(Failed(Assess(WithSettings(Json::object()), stdlib)),
            std::vector<std::string>{"python-stdlib"});
  Runs third;
  third.Repeat(3, "5.2", kBaselineVariant, "denial-of-service", "third-party");
  EXPECT_EQ(Failed(Assess(WithSettings(Json::object()), third)),
            std::vector<std::string>{"third-party"});
}

TEST(AssessRuns, FlakyResultIsNotAReproduction) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "xss").Add("5.2", kBaselineVariant, "").Add("5.2", kBaselineVariant, "xss");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_EQ(Failed(a), std::vector<std::string>{"not-reproduced"});
  EXPECT_FALSE(a.outcome.severity);
  ASSERT_EQ(a.oracles.size(), 1u);
  EXPECT_EQ(a.oracles[0]["fired_runs"], 2);
  EXPECT_EQ(a.oracles[0]["runs"], 3);
  EXPECT_TRUE(a.oracles[0]["flaky"].get<bool>());
}

TEST(AssessRuns, InformationalExceptionIsNotAReproduction) {
  Runs runs;
  runs.Repeat(3, "5.2", kBaselineVariant, "exception");
  EXPECT_EQ(Failed(Assess(WithSettings(Json::object()), runs)),
            std::vector<std::string>{"not-reproduced"});
}

TEST(AssessRuns, EveryRunFailedMeansNotRun) {
  Runs runs;
  runs.Add("5.2", kBaselineVariant, "", "django", "failed");
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_FALSE(a.outcome.ran);
  EXPECT_EQ(a.outcome.not_run_reason, "every run failed");
}

TEST(GrowthExponent, FitsTheSlopeOfLogCpuOverLogSize) {
  EXPECT_NEAR(*GrowthExponent({{1000, 10}, {2000, 40}, {4000, 160}, {8000, 640}}), 2.0, 1e-9);
  EXPECT_NEAR(*GrowthExponent({{1000, 10}, {2000, 20}, {4000, 40}}), 1.0, 1e-9);
  EXPECT_FALSE(GrowthExponent({{1000, 10}, {2000, 0}}));
}

TEST(AssessRuns, QuadraticGrowthOverTheSweepIsADenialOfService) {
  Runs runs;
  runs.Timed("5.2", kSweepVariant, 2, 1000)
      .Timed("5.2", kSweepVariant, 8, 2000)
      .Timed("5.2", kSweepVariant, 32, 4000)
      .Timed("5.2", kBaselineVariant, 128, std::nullopt);
  const auto a = Assess(WithSettings(Json::object()), runs);
  EXPECT_TRUE(Failed(a).empty());
  EXPECT_EQ(a.outcome.severity, "moderate");
  ASSERT_EQ(a.oracles.size(), 1u);
  EXPECT_NEAR(a.oracles[0]["evidence"]["growth_exponent"].get<double>(), 2.0, 1e-9);
}

TEST(AssessRuns, LinearGrowthIsNot) {
  Runs runs;
  runs.Timed("5.2", kSweepVariant, 25, 1000)
      .Timed("5.2", kSweepVariant, 50, 2000)
      .Timed("5.2", kSweepVariant, 100, 4000)
      .Timed("5.2", kBaselineVariant, 200, std::nullopt);
  EXPECT_EQ(Failed(Assess(WithSettings(Json::object()), runs)),
            std::vector<std::string>{"not-reproduced"});
}

TEST(AssessRuns, GrowthInThePocsOwnCodeIsNotDjangos) {
  Runs runs;
  runs.Timed("5.2", kSweepVariant, 2, 1000, "poc")
      .Timed("5.2", kSweepVariant, 8, 2000, "poc")
      .Timed("5.2", kSweepVariant, 32, 4000, "poc")
      .Timed("5.2", kBaselineVariant, 128, std::nullopt, "poc");
  EXPECT_EQ(Failed(Assess(WithSettings(Json::object()), runs)),
            (std::vector<std::string>{"unsanitized-input", "not-reproduced"}));
}

TEST(AssessRuns, ASweepPointsOwnHitIsAMeasurementNotAnOracleRow) {
  // A scaled-down {{size:N}} whose N/2 point alone passes the CPU threshold: the point's hit
  // stays out of the oracle rows (it used to abort the check: no tally for sweep runs).
  Runs runs;
  runs.Add("4.2", kSweepVariant, "denial-of-service")
      .Repeat(3, "4.2", kBaselineVariant, "denial-of-service")
      .Add("5.2", kBaselineVariant, "");
  const auto a = Assess(WithSettings(Json::object()), runs);
  ASSERT_EQ(a.oracles.size(), 1u);
  EXPECT_EQ(a.oracles[0]["variant"], "baseline");
  EXPECT_EQ(a.oracles[0]["runs"], 3);
  EXPECT_EQ(a.oracles[0]["fired_runs"], 3);
}

}  // namespace
}  // namespace pocsift
