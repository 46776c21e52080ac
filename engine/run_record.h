// RunRecord: one sandboxed run of the proof of concept (one runtime, one variant, one
// attempt) as the engine accepts it: the kernel's accounting from the sandbox, and the
// harness's frames after a defensive check of their shape. A harness that died or lied is a
// failed run with the reason; the frames it sent before that are kept.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/manifest.h"
#include "engine/run_secrets.h"
#include "engine/runtimes.h"
#include "sandbox/run_result.h"

namespace pocsift {

struct RunRecord {
  std::string runtime_id;
  std::string series;
  std::string django_version;
  std::string variant;
  int attempt = 1;
  std::optional<std::uint64_t> swept_size;  // the {{size:N}} point this run used, if a sweep
  std::string status = "failed";  // ok | failed | timeout
  std::string failure_reason;
  std::int64_t cpu_ms = 0;
  std::int64_t wall_ms = 0;
  std::int64_t max_rss_kb = 0;
  std::map<std::string, std::int64_t> denied_syscalls;
  nlohmann::json ready;               // the harness's "ready" frame, or null
  std::vector<nlohmann::json> steps;  // one "step" (or "error") frame per step that ran
  RunSecrets secrets;                 // what this run's canaries and placeholders were
  // "warm": a fork server's child ran it (docs/warm-runs.md); "cold": a fresh sandbox did.
  std::string path = "cold";
  std::string cold_reason;  // why a run meant for a warm server ran cold, if it did

  // The case record's "runs" entry (secrets left out: they are evidence keys, not output).
  nlohmann::ordered_json ToJson() const;
};

// Checks the frames of `result` against the steps of `manifest` and fills `record`.
void InterpretSandboxResult(const sandbox::SandboxResult& result, const Manifest& manifest,
                            RunRecord& record);

}  // namespace pocsift
