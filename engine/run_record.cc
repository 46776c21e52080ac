#include "engine/run_record.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

std::string TypeOf(const Json& frame) {
  if (!frame.is_object()) return "";
  const auto found = frame.find("type");
  return found != frame.end() && found->is_string() ? found->get<std::string>() : "";
}

std::string SetupFailure(const Json& frame) {
  return "the app failed to set up: " + frame.value("error", std::string("error")) + ": " +
         frame.value("message", std::string());
}

// Walks the frames in order: ready, one per step (named as the manifest says), done.
// Returns the reason the answer is not acceptable, or "" when it is.
std::string CheckFrames(const std::vector<Json>& frames, const Manifest& manifest,
                        RunRecord& record) {
  if (frames.empty()) return "the harness sent nothing";
  if (TypeOf(frames[0]) == "error") return SetupFailure(frames[0]);
  if (TypeOf(frames[0]) != "ready") return "the harness's first frame is not \"ready\"";
  record.ready = frames[0];
  std::size_t next = 1;
  for (const auto& step : manifest.steps) {
    if (next >= frames.size()) return "the harness stopped before step \"" + step.name + "\"";
    const Json& frame = frames[next++];
    const std::string type = TypeOf(frame);
    if ((type != "step" && type != "error") || frame.value("name", std::string()) != step.name)
      return "the harness answered out of order at step \"" + step.name + "\"";
    record.steps.push_back(frame);
  }
  if (next >= frames.size() || TypeOf(frames[next]) != "done")
    return "the harness did not finish (no \"done\" frame)";
  if (next + 1 != frames.size()) return "the harness sent frames after \"done\"";
  return "";
}

}  // namespace

void InterpretSandboxResult(const sandbox::SandboxResult& result, const Manifest& manifest,
                            RunRecord& record) {
  record.status = sandbox::RunStatusName(result.status);
  record.cpu_ms = result.cpu_ms;
  record.wall_ms = result.wall_ms;
  record.max_rss_kb = result.max_rss_kb;
  record.denied_syscalls = result.denied_syscalls;
  record.failure_reason = result.failure_reason;
  std::string problem;
  try {
    problem = CheckFrames(result.frames, manifest, record);
  } catch (const Json::exception& e) {
    problem = std::string("the harness's answer is malformed: ") + e.what();
  }
  if (problem.empty()) return;
  record.status = record.status == "timeout" ? "timeout" : "failed";
  record.failure_reason = record.failure_reason.empty()
                              ? problem
                              : problem + " (" + record.failure_reason + ")";
}

nlohmann::ordered_json RunRecord::ToJson() const {
  nlohmann::ordered_json steps_json = nlohmann::ordered_json::array();
  for (const auto& step : steps) steps_json.push_back(nlohmann::ordered_json::parse(step.dump()));
  return {{"runtime", runtime_id},
          {"series", series},
          {"version", django_version},
          {"variant", variant},
          {"attempt", attempt},
          {"size", swept_size ? nlohmann::ordered_json(*swept_size) : nlohmann::ordered_json(nullptr)},
          {"status", status},
          {"failure_reason", failure_reason},
          {"cpu_ms", cpu_ms},
          {"wall_ms", wall_ms},
          {"max_rss_kb", max_rss_kb},
          {"denied_syscalls", denied_syscalls},
          {"path", path},
          {"cold_reason", cold_reason},
          {"setup", nlohmann::ordered_json::parse(ready.dump())},
          {"steps", std::move(steps_json)}};
}

}  // namespace pocsift
