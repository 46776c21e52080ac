// A harness that dies or lies: each malformed answer is a failed run with a reason, and the
// frames that came before are kept.
#include "engine/run_record.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

using Json = nlohmann::json;

Manifest TwoSteps() {
  Manifest manifest;
  for (const char* name : {"one", "two"}) {
    Step step;
    step.name = name;
    step.request = Request{};
    manifest.steps.push_back(step);
  }
  return manifest;
}

RunRecord Interpret(std::vector<Json> frames, sandbox::RunStatus status = sandbox::RunStatus::kOk,
                    std::string reason = "") {
  sandbox::SandboxResult result;
  result.status = status;
  result.frames = std::move(frames);
  result.failure_reason = std::move(reason);
  RunRecord record;
  InterpretSandboxResult(result, TwoSteps(), record);
  return record;
}

const Json kReady = {{"type", "ready"}, {"django", "5.2"}};
Json StepFrame(const char* name) { return {{"type", "step"}, {"name", name}}; }
const Json kDone = {{"type", "done"}};

TEST(InterpretSandboxResult, AcceptsAWellFormedAnswer) {
  const auto record = Interpret({kReady, StepFrame("one"), StepFrame("two"), kDone});
  EXPECT_EQ(record.status, "ok");
  EXPECT_EQ(record.steps.size(), 2u);
}

struct Lie {
  const char* label;
  std::vector<Json> frames;
  const char* reason_part;
};

class LyingHarnessTest : public ::testing::TestWithParam<Lie> {};

TEST_P(LyingHarnessTest, IsAFailedRunWithItsReason) {
  const auto record = Interpret(GetParam().frames);
  EXPECT_EQ(record.status, "failed");
  EXPECT_NE(record.failure_reason.find(GetParam().reason_part), std::string::npos)
      << record.failure_reason;
}

INSTANTIATE_TEST_SUITE_P(
    Table, LyingHarnessTest,
    ::testing::Values(
        Lie{"Nothing", {}, "sent nothing"},
        Lie{"NotAnObject", {Json::array({1, 2})}, "first frame is not"},
        Lie{"NoReady", {StepFrame("one")}, "first frame is not"},
        Lie{"SetupError", {Json{{"type", "error"}, {"error", "ImportError"}, {"message", "no"}}},
            "app failed to set up: ImportError"},
        Lie{"StopsEarly", {kReady, StepFrame("one")}, "stopped before step \"two\""},
        Lie{"OutOfOrder", {kReady, StepFrame("two"), StepFrame("one"), kDone}, "out of order"},
        Lie{"NoDone", {kReady, StepFrame("one"), StepFrame("two")}, "did not finish"},
        Lie{"AfterDone", {kReady, StepFrame("one"), StepFrame("two"), kDone, kDone},
            "after \"done\""},
        Lie{"NameNotAString",
            {kReady, Json{{"type", "step"}, {"name", 7}}, StepFrame("two"), kDone},
            "malformed"}),
    [](const auto& test) { return std::string(test.param.label); });

TEST(InterpretSandboxResult, KeepsWhatCameBeforeADeathAndSaysWhy) {
  const auto record = Interpret({kReady, StepFrame("one")}, sandbox::RunStatus::kFailed,
                                "killed by signal 9");
  EXPECT_EQ(record.status, "failed");
  EXPECT_EQ(record.steps.size(), 1u);
  EXPECT_NE(record.failure_reason.find("killed by signal 9"), std::string::npos);
}

TEST(InterpretSandboxResult, TimeoutStaysATimeout) {
  const auto record = Interpret({kReady}, sandbox::RunStatus::kTimeout, "deadline passed");
  EXPECT_EQ(record.status, "timeout");
}

}  // namespace
}  // namespace pocsift
