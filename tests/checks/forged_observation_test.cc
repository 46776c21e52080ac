// What the oracles make of frames a run forged or filled with multi-byte text (found by the
// `runs` fuzz target): attributed_to is one of the documented words whatever a frame's
// "origin" says, and evidence excerpts cut next to multi-byte characters stay well-formed
// UTF-8 (a split character made the case record's dump throw).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "checks/oracles/observation.h"
#include "checks/oracles/oracle_registry.h"
#include "engine/bundle.h"
#include "engine/placeholders.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

Bundle FixtureBundle(const std::string& name) {
  auto bundle = LoadBundle(std::filesystem::path(POCSIFT_SOURCE_DIR) / "fixtures/bundles" / name);
  EXPECT_TRUE(bundle) << bundle.error().message;
  return bundle ? std::move(bundle).value() : Bundle{};
}

// A run that answered `attack` for the bundle's "attack" step and nothing but its name for the
// others.
RunRecord RunWithAttack(const Bundle& bundle, Json attack) {
  RunRecord run;
  run.status = "ok";
  run.secrets.placeholders = PlaceholdersForNonce("0123456789abcdef");
  run.ready = {{"type", "ready"}, {"calibration_ms", 0}};
  for (const auto& step : bundle.manifest.steps) {
    Json frame = step.name == "attack" ? attack : Json::object();
    frame["type"] = "step";
    frame["name"] = step.name;
    run.steps.push_back(frame);
  }
  return run;
}

std::vector<OracleHit> HitsOf(const std::string& oracle, const Bundle& bundle, const RunRecord& run) {
  std::vector<OracleHit> hits;
  for (auto& hit : ObserveRun(bundle, run))
    if (hit.oracle == oracle) hits.push_back(std::move(hit));
  return hits;
}

std::string Repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

TEST(OriginOf, OnlyTheHarnesssWordsPass) {
  for (const char* word : {"django", "poc", "stdlib", "third-party", "pocsift"})
    EXPECT_EQ(OriginOf(Json{{"origin", word}}), word);
  EXPECT_EQ(OriginOf(Json{{"origin", "dj[ango"}}), "unknown");
  EXPECT_EQ(OriginOf(Json{{"origin", "Django"}}), "unknown");
  EXPECT_EQ(OriginOf(Json{{"origin", 7}}), "unknown");
  EXPECT_EQ(OriginOf(Json::object()), "unknown");
  EXPECT_EQ(OriginOf(Json::array()), "unknown");
}

TEST(AttributedOrigin, AFramesMadeUpOriginIsUnknown) {
  const Json forged = Json::array({{{"file", "x.py"}, {"origin", "admin"}}});
  EXPECT_EQ(AttributedOrigin(forged), "unknown");
  const Json real = Json::array({{{"file", "re.py"}, {"origin", "stdlib"}},
                                 {{"file", "pocapp/views.py"}, {"origin", "poc"}}});
  EXPECT_EQ(AttributedOrigin(real), "poc");
}

// tests/fuzz/regressions/runs/huge-line-number: a frame's line of 6.7e124 was cast to an
// integer (undefined behaviour, UBSan).
TEST(CountField, AnythingButASmallWholeNumberIsZero) {
  EXPECT_EQ(CountField(Json{{"line", 12}}, "line"), 12);
  EXPECT_EQ(CountField(Json{{"line", 12.0}}, "line"), 12);
  for (const Json& lie : {Json(6.66667e124), Json(-3), Json(1.5), Json(2147483648.0), Json(-1e300),
                          Json("12"), Json(nullptr)})
    EXPECT_EQ(CountField(Json{{"line", lie}}, "line"), 0) << lie.dump();
  EXPECT_EQ(ResponseStatus(Json{{"status", 1e300}}), 0);
  const Json frame = {{"file", "v.py"}, {"line", 6.66667e124}};
  EXPECT_EQ(FrameJson(&frame)["line"], 0);
}

TEST(ForgedObservation, ALogRecordsMadeUpOriginIsUnknownAndItsMessageCutWhole) {
  const Bundle bundle = FixtureBundle("cve-2025-48432-log-injection");
  // "x" then 300 two-byte characters: byte 500, where the excerpt ends, continues a character.
  const std::string message = "x" + Repeat("\xc3\xa9", 300) + "\nforged line";
  const RunRecord run = RunWithAttack(
      bundle, {{"logs", Json::array({{{"logger", "django.request"}, {"level", "WARNING"},
                                      {"message", message}, {"origin", "dj[ango"}}})}});
  const auto hits = HitsOf("log-injection", bundle, run);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "unknown");
  const std::string excerpt = hits[0].evidence["message"].get<std::string>();
  EXPECT_EQ(excerpt.size(), 499u);
  EXPECT_NO_THROW((void)hits[0].evidence.dump());
}

TEST(ForgedObservation, AnSqlExcerptNeverSplitsACharacter) {
  const Bundle bundle = FixtureBundle("cve-2025-64459-connector");
  // The excerpt starts 200 bytes before the marker and runs 400 past it: with padding of 0 to
  // 3 bytes, each end falls inside a character in some case.
  for (int pad = 0; pad < 4; ++pad) {
    RunRecord run = RunWithAttack(bundle, Json::object());
    const std::string& marker = run.secrets.placeholders.marker;
    const std::string sql = "SELECT * FROM t WHERE n = '" + std::string(pad, 'p') +
                            Repeat("\xe2\x82\xac", 100) + "' OR " + marker + " OR n = '" +
                            Repeat("\xe2\x82\xac", 200) + "'";
    run.steps[1]["sql"] = Json::array(
        {{{"sql", sql}, {"frames", Json::array({{{"file", "pocapp/views.py"}, {"origin", "poc"}}})}}});
    const auto hits = HitsOf("sql-injection", bundle, run);
    ASSERT_EQ(hits.size(), 1u) << "pad " << pad;
    EXPECT_EQ(hits[0].attributed_to, "poc");
    EXPECT_NO_THROW((void)hits[0].evidence.dump()) << "pad " << pad;
    EXPECT_NE(hits[0].evidence["statement"].get<std::string>().find(marker), std::string::npos);
  }
}

TEST(ForgedObservation, AMadeUpKeyInTheTimeSplitIsNotAPerformer) {
  const Bundle bundle = FixtureBundle("cve-2025-64460-xml-dos");
  const RunRecord run = RunWithAttack(
      bundle, {{"cpu_ms", 1e6},
               {"time_split", {{"innermost", {{"attacker", 5000}, {"django", 40}, {"poc", 2}}}}}});
  const auto hits = HitsOf("denial-of-service", bundle, run);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "django");
}

}  // namespace
}  // namespace pocsift
