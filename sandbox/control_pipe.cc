#include "sandbox/control_pipe.h"

#include <errno.h>
#include <unistd.h>

#include <charconv>
#include <cstring>

namespace pocsift::sandbox {
namespace {

void WriteLine(int fd, const std::string& line) {
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

void SendSetupError(int fd, std::string_view what) {
  const int saved = errno;
  SendSetupMessage(fd, std::string(what) + ": " + std::strerror(saved));
}

void SendSetupMessage(int fd, std::string_view message) {
  std::string line = "error ";
  for (char c : message) line += (c == '\n') ? ' ' : c;
  line += '\n';
  WriteLine(fd, line);
}

void SendExitStatus(int fd, int wait_status) {
  WriteLine(fd, "exit " + std::to_string(wait_status) + "\n");
}

void ControlReader::Feed(std::string_view bytes) {
  partial_.append(bytes);
  std::size_t newline;
  while ((newline = partial_.find('\n')) != std::string::npos) {
    std::string_view line(partial_.data(), newline);
    if (line.starts_with("error ") && report_.setup_error.empty()) {
      report_.setup_error = std::string(line.substr(6));
    } else if (line.starts_with("exit ")) {
      int status = 0;
      auto digits = line.substr(5);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
      if (ec == std::errc() && end == digits.data() + digits.size()) report_.wait_status = status;
    }
    partial_.erase(0, newline + 1);
  }
  if (partial_.size() > 4096) partial_.clear();  // a runaway line; nothing valid is that long
}

}  // namespace pocsift::sandbox
