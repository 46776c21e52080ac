// Scaling a payload that breaks a size rule down to the largest size within the limit
// (issue 4, item 5b): only generated payloads (a body_repeat count, a {{size:N}} value) are
// scaled; data written out in full that breaks a limit is not run, with the reason.
#include <gtest/gtest.h>

#include "checks/policy_catalogue.h"
#include "engine/reproduction.h"

namespace pocsift {
namespace {

constexpr std::uint64_t kBodyLimit = 2'621'440;

Step RequestStep(std::string name, Request request) {
  Step step;
  step.name = std::move(name);
  step.json_path = "steps[0]";
  step.request = std::move(request);
  return step;
}

Request Post(BodyRepeat repeat) {
  Request request;
  request.method = "POST";
  request.path = "/items/";
  request.body_repeat = std::move(repeat);
  return request;
}

Bundle BundleOf(std::vector<Step> steps) {
  Bundle bundle;
  bundle.manifest.steps = std::move(steps);
  return bundle;
}

std::uint64_t BodyBytes(const Bundle& bundle, std::size_t index,
                        std::optional<std::uint64_t> size = std::nullopt) {
  return BuildWireRequest(*bundle.manifest.steps[index].request, bundle.files,
                          MeasurementPlaceholders(), size)
      .body_bytes;
}

TEST(PlanScaleDown, ABundleWithinEveryLimitNeedsNoScaling) {
  const auto scale = PlanScaleDown(BundleOf({RequestStep("attack", Post({"[", 1000, false, "a=", ""}))}),
                                   Policy().limits);
  EXPECT_FALSE(scale.needed());
  EXPECT_FALSE(scale.runnable());
  EXPECT_TRUE(scale.rules.empty());
}

TEST(PlanScaleDown, ALiteralCountOneByteOverIsScaledToExactlyTheLimit) {
  // The body-over-2.5mb fixture: "items=" + "[" × 2,621,434 + "]" = 2,621,441 bytes.
  Request small;
  small.method = "GET";
  small.path = "/items/";
  const Bundle bundle = BundleOf({RequestStep("baseline", small),
                                  RequestStep("attack", Post({"[", 2'621'434, false, "items=", "]"}))});
  const auto scale = PlanScaleDown(bundle, Policy().limits);
  ASSERT_TRUE(scale.runnable()) << scale.not_scalable;
  EXPECT_EQ(scale.rules, std::vector<std::string>{"body-over-2.5mb"});
  ASSERT_EQ(scale.counts.size(), 1u);
  EXPECT_EQ(scale.counts[0].step, "attack");
  EXPECT_EQ(scale.counts[0].step_index, 1u);
  EXPECT_EQ(scale.counts[0].from, 2'621'434u);
  EXPECT_EQ(scale.counts[0].to, 2'621'433u);
  EXPECT_FALSE(scale.size_to.has_value());
  ASSERT_EQ(scale.fields.size(), 1u);
  EXPECT_EQ(scale.fields[0].field, "body (body_repeat)");
  EXPECT_EQ(scale.fields[0].measured, 2'621'441u);
  EXPECT_EQ(scale.fields[0].scaled_to, kBodyLimit);
  EXPECT_EQ(scale.fields[0].limit, kBodyLimit);
  const Bundle scaled = ScaledBundle(bundle, scale);
  EXPECT_EQ(BodyBytes(scaled, 1), kBodyLimit);
  EXPECT_EQ(scaled.manifest.steps[0].request->path, "/items/");  // other steps untouched
}

TEST(PlanScaleDown, AMultiByteUnitStopsAtTheLastWholeUnitWithinTheLimit) {
  // 11 + 7 × c <= 2,621,440  <=>  c <= 374,489 (2,621,434 bytes; one more unit is 2,621,441).
  const Bundle bundle = BundleOf({RequestStep("attack", Post({"abcdefg", 1'000'000, false, "0123456789x", ""}))});
  const auto scale = PlanScaleDown(bundle, Policy().limits);
  ASSERT_TRUE(scale.runnable());
  ASSERT_EQ(scale.counts.size(), 1u);
  EXPECT_EQ(scale.counts[0].to, 374'489u);
  EXPECT_EQ(scale.fields[0].scaled_to, 2'621'434u);
  EXPECT_EQ(BodyBytes(ScaledBundle(bundle, scale), 0), 2'621'434u);
}

TEST(PlanScaleDown, ASizePlaceholderIsScaledToTheLargestNWithinTheLimit) {
  // count "{{size:4000000}}" with prefix "x=": 2 + N <= 2,621,440  <=>  N <= 2,621,438.
  const Bundle bundle = BundleOf({RequestStep("grow", Post({"a", 4'000'000, true, "x=", ""}))});
  const auto scale = PlanScaleDown(bundle, Policy().limits);
  ASSERT_TRUE(scale.runnable());
  EXPECT_EQ(scale.size_from, 4'000'000u);
  EXPECT_EQ(scale.size_to, 2'621'438u);
  EXPECT_TRUE(scale.counts.empty());  // the sweep's N goes through size_cap, not the manifest
  EXPECT_EQ(BodyBytes(bundle, 0, scale.size_to), kBodyLimit);
  EXPECT_EQ(scale.fields[0].scaled_to, kBodyLimit);
  const auto json = scale.ToJson();
  EXPECT_EQ(json["size_placeholder"]["from"], 4'000'000u);
  EXPECT_EQ(json["size_placeholder"]["to"], 2'621'438u);
  EXPECT_TRUE(json["runnable"].get<bool>());
}

TEST(PlanScaleDown, ALiteralBodyOverTheLimitIsNotRun) {
  Request request;
  request.method = "POST";
  request.path = "/items/";
  request.body = std::string(kBodyLimit + 1, 'a');
  const auto scale = PlanScaleDown(BundleOf({RequestStep("attack", request)}), Policy().limits);
  EXPECT_TRUE(scale.needed());
  EXPECT_FALSE(scale.runnable());
  EXPECT_NE(scale.not_scalable.find("not a generated payload"), std::string::npos);
  EXPECT_NE(scale.not_scalable.find("body-over-2.5mb: step \"attack\": body is 2621441 bytes"),
            std::string::npos)
      << scale.not_scalable;
  EXPECT_TRUE(scale.ToJson()["fields"][0]["scaled_to"].is_null());
}

TEST(PlanScaleDown, ALiteralHeaderNextToAGeneratedBodyIsNotRun) {
  Request request = Post({"[", 3'000'000, false, "", ""});
  request.headers = {{"X-Filler", std::string(8192 - 10, 'h')}};  // "X-Filler: " is 10 bytes
  const auto scale = PlanScaleDown(BundleOf({RequestStep("attack", request)}), Policy().limits);
  EXPECT_FALSE(scale.runnable());
  EXPECT_EQ(scale.rules, (std::vector<std::string>{"header-over-8k", "body-over-2.5mb"}));
  EXPECT_NE(scale.not_scalable.find("header-over-8k: step \"attack\": header X-Filler is 8192 bytes"),
            std::string::npos)
      << scale.not_scalable;
  EXPECT_EQ(scale.not_scalable.find("body-over-2.5mb"), std::string::npos);
  EXPECT_TRUE(scale.counts.empty());
}

TEST(PlanScaleDown, APrefixAloneOverTheLimitIsNotScalable) {
  const auto scale = PlanScaleDown(
      BundleOf({RequestStep("attack", Post({"a", 10, false, std::string(kBodyLimit + 5, 'p'), ""}))}),
      Policy().limits);
  EXPECT_FALSE(scale.runnable());
  EXPECT_NE(scale.not_scalable.find("body (body_repeat) is 2621445 bytes"), std::string::npos)
      << scale.not_scalable;
}

TEST(PlanScaleDown, EachFailingStepKeepsItsOwnLargestCount) {
  const Bundle bundle = BundleOf({RequestStep("one", Post({"ab", 2'000'000, false, "", ""})),
                                  RequestStep("two", Post({"a", 3'000'000, false, "", ""})),
                                  RequestStep("three", Post({"a", 1'000, false, "", ""}))});
  const auto scale = PlanScaleDown(bundle, Policy().limits);
  ASSERT_TRUE(scale.runnable());
  ASSERT_EQ(scale.counts.size(), 2u);
  EXPECT_EQ(scale.counts[0].step, "one");
  EXPECT_EQ(scale.counts[0].to, kBodyLimit / 2);
  EXPECT_EQ(scale.counts[1].step, "two");
  EXPECT_EQ(scale.counts[1].to, kBodyLimit);
  const Bundle scaled = ScaledBundle(bundle, scale);
  EXPECT_EQ(scaled.manifest.steps[2].request->body_repeat->count, 1'000u);  // within: kept
}

}  // namespace
}  // namespace pocsift
