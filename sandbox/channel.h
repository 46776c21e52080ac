// The channel: length-prefixed JSON frames over a pipe.
//
// A frame is a 4-byte big-endian length N followed by N bytes of JSON text. The engine sends
// one frame on the run's stdin (the request); the run answers with frames on its stdout.
// The reading side never trusts the writer: FrameDecoder enforces caps on frame size, total
// bytes and frame count, and reports malformed, oversized and truncated output as an Error
// (kind kBadInput) whose message is a failure_reason a reader can act on.
//
// Lifecycle: Feed() bytes as they arrive, any number of times; Finish() at end of file. The
// first violation is sticky: later calls return it again and decode nothing more.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace pocsift::sandbox {

inline constexpr std::size_t kFrameHeaderBytes = 4;

// Serializes `value` as one frame (compact JSON, UTF-8).
std::string EncodeFrame(const nlohmann::json& value);

struct FrameLimits {
  std::uint64_t max_frame_bytes = 1ull << 20;   // payload bytes of one frame
  std::uint64_t max_total_bytes = 8ull << 20;   // all bytes read, headers included
  std::uint64_t max_frames = 1024;
};

class FrameDecoder {
 public:
  explicit FrameDecoder(FrameLimits limits) : limits_(limits) {}

  // Consumes `bytes`, decoding every complete frame. Fails on the first oversized frame,
  // invalid JSON, or when a cap is exceeded.
  Status Feed(std::string_view bytes);
  // Declares end of input; fails if a frame was cut short.
  Status Finish();

  const std::vector<nlohmann::json>& frames() const { return frames_; }
  std::vector<nlohmann::json> TakeFrames() { return std::move(frames_); }
  std::uint64_t bytes_seen() const { return bytes_seen_; }

 private:
  Status Fail(std::string message);
  Status DecodeBuffered();

  FrameLimits limits_;
  std::string buffer_;
  std::vector<nlohmann::json> frames_;
  std::uint64_t bytes_seen_ = 0;
  Status error_;
};

// Blocking helpers for trusted local pipes (launcher ↔ helper). Retry on EINTR.
Status WriteAll(int fd, std::string_view bytes);
// Reads exactly one frame from `fd`; fails on EOF, a read error or a frame over `max_bytes`.
Result<nlohmann::json> ReadFrame(int fd, std::uint64_t max_bytes);

}  // namespace pocsift::sandbox
