#include "sandbox/channel.h"

#include <errno.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace pocsift::sandbox {
namespace {

std::uint32_t ReadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) |
         std::uint32_t{u[3]};
}

// Shows the first bytes of something that was meant to be a frame header, so that a harness
// printing text instead of frames is recognizable in the failure reason.
std::string Preview(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 16)) {
    if (std::isprint(static_cast<unsigned char>(c))) {
      out += c;
    } else {
      out += '.';
    }
  }
  return out;
}

// JSON nesting a frame may have. The harness's frames nest about six deep; a run's code can
// write its own frames, and a 1 MB frame of "[[[[…" would otherwise decode to a million levels
// that nlohmann::json copies, compares and dumps recursively (a stack overflow in the engine).
constexpr int kMaxFrameDepth = 64;

// True when `text` nests arrays and objects deeper than kMaxFrameDepth. Brackets inside strings
// do not count; for text that is not JSON the answer does not matter (parsing refuses it).
bool NestsTooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxFrameDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::string EncodeFrame(const nlohmann::json& value) {
  // Invalid UTF-8 in strings is replaced rather than thrown on (dump's error handler).
  const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto n = static_cast<std::uint32_t>(text.size());
  std::string frame;
  frame.reserve(kFrameHeaderBytes + text.size());
  frame += static_cast<char>((n >> 24) & 0xff);
  frame += static_cast<char>((n >> 16) & 0xff);
  frame += static_cast<char>((n >> 8) & 0xff);
  frame += static_cast<char>(n & 0xff);
  frame += text;
  return frame;
}

Status FrameDecoder::Fail(std::string message) {
  error_ = BadInput(std::move(message));
  buffer_.clear();
  return error_;
}

Status FrameDecoder::Feed(std::string_view bytes) {
  if (!error_) return error_;
  bytes_seen_ += bytes.size();
  if (bytes_seen_ > limits_.max_total_bytes) {
    return Fail("output flood: more than " + std::to_string(limits_.max_total_bytes) +
                " bytes on the channel");
  }
  buffer_.append(bytes);
  return DecodeBuffered();
}

Status FrameDecoder::DecodeBuffered() {
  std::size_t pos = 0;
  while (buffer_.size() - pos >= kFrameHeaderBytes) {
    const std::uint32_t length = ReadBigEndian32(buffer_.data() + pos);
    if (length > limits_.max_frame_bytes) {
      return Fail("oversized frame " + std::to_string(frames_.size()) + ": header declares " +
                  std::to_string(length) + " bytes (limit " +
                  std::to_string(limits_.max_frame_bytes) +
                  "); output starting \"" + Preview(std::string_view(buffer_).substr(pos)) +
                  "\" is not a frame stream");
    }
    if (buffer_.size() - pos - kFrameHeaderBytes < length) break;
    std::string_view text(buffer_.data() + pos + kFrameHeaderBytes, length);
    if (NestsTooDeep(text)) {
      return Fail("malformed frame " + std::to_string(frames_.size()) + ": nested deeper than " +
                  std::to_string(kMaxFrameDepth) + " levels");
    }
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      return Fail("malformed frame " + std::to_string(frames_.size()) +
                  ": not valid JSON (starts \"" + Preview(text) + "\")");
    }
    if (frames_.size() >= limits_.max_frames) {
      return Fail("too many frames: more than " + std::to_string(limits_.max_frames));
    }
    frames_.push_back(std::move(value));
    pos += kFrameHeaderBytes + length;
  }
  buffer_.erase(0, pos);
  return {};
}

Status FrameDecoder::Finish() {
  if (!error_) return error_;
  if (buffer_.empty()) return {};
  if (buffer_.size() < kFrameHeaderBytes) {
    return Fail("truncated frame " + std::to_string(frames_.size()) + ": " +
                std::to_string(buffer_.size()) + " byte(s) of a 4-byte header");
  }
  return Fail("truncated frame " + std::to_string(frames_.size()) + ": header declares " +
              std::to_string(ReadBigEndian32(buffer_.data())) + " bytes, only " +
              std::to_string(buffer_.size() - kFrameHeaderBytes) + " arrived");
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Internal(std::string("write: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<nlohmann::json> ReadFrame(int fd, std::uint64_t max_bytes) {
  FrameDecoder decoder({.max_frame_bytes = max_bytes,
                        .max_total_bytes = max_bytes + kFrameHeaderBytes,
                        .max_frames = 1});
  char buf[1 << 16];
  while (decoder.frames().empty()) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Internal(std::string("read: ") + std::strerror(errno));
    }
    if (n == 0) {
      if (Status s = decoder.Finish(); !s) return s.error();
      return BadInput("end of input before a frame");
    }
    if (Status s = decoder.Feed(std::string_view(buf, static_cast<std::size_t>(n))); !s) {
      return s.error();
    }
  }
  return decoder.TakeFrames().front();
}

}  // namespace pocsift::sandbox
