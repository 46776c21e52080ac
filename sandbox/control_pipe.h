// The control pipe: how the sandbox's init and payload tell the supervisor what happened.
//
// One line per message: "error <text>" when a set-up step failed (the process then exits;
// it never continues unconfined), and "exit <wait status>" from init once the interpreter
// has been reaped. The payload's end is close-on-exec, so a successful exec says nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pocsift::sandbox {

// Writes "error <what>: <strerror(errno)>" (errno as it is now), for use right after a
// failed call. Called in the forked, single-threaded child, where allocating is safe.
void SendSetupError(int fd, std::string_view what);
// Same, without an errno suffix.
void SendSetupMessage(int fd, std::string_view message);
void SendExitStatus(int fd, int wait_status);

struct ControlReport {
  std::string setup_error;           // first error reported, if any
  std::optional<int> wait_status;    // the interpreter's, from init
};

// Accumulates bytes read from the control pipe. Only init and the payload before its exec
// (pocsift's own code) can write to it; malformed lines are ignored all the same.
class ControlReader {
 public:
  void Feed(std::string_view bytes);
  const ControlReport& report() const { return report_; }

 private:
  std::string partial_;
  ControlReport report_;
};

}  // namespace pocsift::sandbox
