// A fork server's message to the helper (sandbox/server_message.cc): what a zygote that lies
// or breaks can put on the command socket. Properties: nothing throws; an accepted run end is
// within its bounds; an error text is one printable ASCII line within its cap; a ready
// message dumps (so the helper can forward it) and parses back to the same message.
#include <cstdlib>

#include "sandbox/server_message.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift::sandbox;
  const auto message = ParseServerMessage(pocsift::fuzz::AsText(data, size));
  if (!message) {
    if (message.error().message.find('\n') != std::string::npos) std::abort();
    return 0;
  }
  switch (message->kind) {
    case ServerMessage::Kind::kExited: {
      const ServerRunExit& e = message->exited;
      if (e.id == 0 || e.wait_status < 0 || e.wait_status > 0xffff || e.utime_us < 0 ||
          e.utime_us > kMaxCpuMicros || e.stime_us < 0 || e.stime_us > kMaxCpuMicros ||
          e.maxrss_kb < 0 || e.maxrss_kb > kMaxRssKb)
        std::abort();
      break;
    }
    case ServerMessage::Kind::kError:
      if (message->error.size() > kMaxErrorChars) std::abort();
      for (const char c : message->error)
        if (c < 0x20 || c > 0x7e) std::abort();
      break;
    case ServerMessage::Kind::kReady: {
      const auto again = ParseServerMessage(message->ready.dump());
      if (!again || again->kind != ServerMessage::Kind::kReady || again->ready != message->ready)
        std::abort();
      break;
    }
  }
  return 0;
}
