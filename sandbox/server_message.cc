#include "sandbox/server_message.h"

#include <limits>

namespace pocsift::sandbox {
namespace {

using nlohmann::json;

// The server's words, cut to `max` bytes, printable ASCII only: they end up in an error line
// and in JSON, where a control character or a cut UTF-8 sequence has no place.
std::string Printable(std::string_view text, std::size_t max) {
  std::string out(text.substr(0, max));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}

Error Malformed(const std::string& why) {
  return Internal("the fork server sent a malformed message: " + why);
}

// An integer field within [low, high]; nlohmann keeps non-negative integers as unsigned.
Result<std::int64_t> IntegerField(const json& message, const char* name, std::int64_t low,
                                  std::int64_t high) {
  const auto it = message.find(name);
  if (it == message.end()) return Malformed(std::string("no \"") + name + "\"");
  std::int64_t value;
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Malformed(std::string("\"") + name + "\" out of range");
    }
    value = static_cast<std::int64_t>(u);
  } else if (it->is_number_integer()) {
    value = it->get<std::int64_t>();
  } else {
    return Malformed(std::string("\"") + name + "\" is not an integer");
  }
  if (value < low || value > high) return Malformed(std::string("\"") + name + "\" out of range");
  return value;
}

Result<ServerMessage> ParseExited(const json& message) {
  ServerMessage out{.kind = ServerMessage::Kind::kExited};
  auto id = IntegerField(message, "id", 1, std::numeric_limits<std::int64_t>::max());
  auto status = IntegerField(message, "status", 0, 0xffff);
  auto utime = IntegerField(message, "utime_us", 0, kMaxCpuMicros);
  auto stime = IntegerField(message, "stime_us", 0, kMaxCpuMicros);
  auto rss = IntegerField(message, "maxrss_kb", 0, kMaxRssKb);
  for (const auto* field : {&id, &status, &utime, &stime, &rss}) {
    if (!*field) return field->error();
  }
  out.exited = {.id = static_cast<std::uint64_t>(id.value()),
                .wait_status = static_cast<int>(status.value()),
                .utime_us = utime.value(),
                .stime_us = stime.value(),
                .maxrss_kb = rss.value()};
  return out;
}

Result<ServerMessage> ParseReady(const json& message) {
  for (const char* name : {"django", "python"}) {
    const auto it = message.find(name);
    if (it == message.end() || !it->is_string() || it->get_ref<const std::string&>().empty() ||
        it->get_ref<const std::string&>().size() > 64) {
      return Malformed(std::string("\"") + name + "\" is not a short string");
    }
  }
  for (const char* name : {"setup_ms", "calibration_ms"}) {
    const auto it = message.find(name);
    if (it == message.end() || !it->is_number() || it->get<double>() < 0) {
      return Malformed(std::string("\"") + name + "\" is not a non-negative number");
    }
  }
  return ServerMessage{.kind = ServerMessage::Kind::kReady, .ready = message};
}

Result<ServerMessage> ParseError(const json& message) {
  const auto it = message.find("message");
  if (it == message.end() || !it->is_string()) return Malformed("an error without a message");
  return ServerMessage{.kind = ServerMessage::Kind::kError,
                       .error = Printable(it->get_ref<const std::string&>(), kMaxErrorChars)};
}

}  // namespace

Result<ServerMessage> ParseServerMessage(std::string_view bytes) {
  const json message = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return Malformed("not JSON");
  if (!message.is_object()) return Malformed("not a JSON object");
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string()) return Malformed("no \"type\"");
  const auto& name = type->get_ref<const std::string&>();
  if (name == "exited") return ParseExited(message);
  if (name == "ready") return ParseReady(message);
  if (name == "error") return ParseError(message);
  return Malformed("unknown type \"" + Printable(name, 40) + "\"");
}

}  // namespace pocsift::sandbox
