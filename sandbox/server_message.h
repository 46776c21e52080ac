// The fork server's messages to the helper (fixtures/harness/zygote.py → warm_server.cc),
// parsed as hostile input.
//
// The zygote runs Django inside the server's sandbox, and each run's child is forked from
// it; nothing it says is trusted. Every message is one JSON object on the command socket:
//   {"type": "ready", "django", "python", "setup_ms", "calibration_ms"}   once, at start
//   {"type": "exited", "id", "status", "utime_us", "stime_us", "maxrss_kb"}  per run
//   {"type": "error", "message"}                                          set-up failed
// A message of any other shape, or with a field of the wrong type or out of range, is an
// Error with a one-line reason (the server is then replaced); nothing here throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace pocsift::sandbox {

// A run's end as the zygote saw it from wait4(): the wait status and the rusage figures.
struct ServerRunExit {
  std::uint64_t id = 0;       // the run's id, ≥ 1
  int wait_status = 0;        // 0..0xffff, as wait(2) encodes it
  std::int64_t utime_us = 0;  // 0..kMaxCpuMicros
  std::int64_t stime_us = 0;
  std::int64_t maxrss_kb = 0;  // 0..kMaxRssKb
};

struct ServerMessage {
  enum class Kind { kReady, kExited, kError };
  Kind kind = Kind::kError;
  nlohmann::json ready;  // kReady: the message, whose four fields were checked
  ServerRunExit exited;  // kExited
  std::string error;     // kError: the server's reason: printable ASCII, ≤ kMaxErrorChars
};

// Bounds on what a message may claim; anything beyond is a lie.
inline constexpr std::int64_t kMaxCpuMicros = 86'400'000'000;  // a day of CPU
inline constexpr std::int64_t kMaxRssKb = std::int64_t{1} << 32;  // 4 TiB
inline constexpr std::size_t kMaxErrorChars = 1000;

Result<ServerMessage> ParseServerMessage(std::string_view bytes);

}  // namespace pocsift::sandbox
