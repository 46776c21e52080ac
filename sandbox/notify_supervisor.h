// NotifySupervisor: answers the sandbox's seccomp user notifications (seccomp_unotify(2)).
//
// Every call the policy denies arrives here. The supervisor answers EPERM and counts it by
// name — the run's evidence of denied calls. One exception, decided by count and never by
// argument (so there is no time-of-check race): the first execve is the helper's own exec
// of the interpreter, issued before any untrusted code exists, and is let through with
// SECCOMP_USER_NOTIF_FLAG_CONTINUE. Every later execve is denied and counted. A fork server's
// child (warm_server.h) never execs, so for it even the first one is denied.
//
// Lifecycle: construct with the listener; call HandleOne() whenever the listener is readable
// (poll POLLIN) until it reports POLLHUP (no filtered task is left). Single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "engine/result.h"
#include "engine/unique_fd.h"

struct seccomp_notif;
struct seccomp_notif_resp;

namespace pocsift::sandbox {

// At most this many distinct names are kept; further ones are counted under "other".
inline constexpr std::size_t kMaxDistinctDeniedNames = 128;

class NotifySupervisor {
 public:
  // Fails if the notification buffers cannot be sized (kernel without user notification).
  // `allow_first_exec`: false for runs that never exec (a fork server's children): then
  // every execve is denied and counted.
  static Result<NotifySupervisor> Create(UniqueFd listener, bool allow_first_exec = true);

  int fd() const { return listener_.get(); }
  // Receives one notification and answers it. A task that died meanwhile is not an error.
  Status HandleOne();

  bool exec_allowed() const { return exec_allowed_; }
  const std::map<std::string, std::int64_t>& denied() const { return denied_; }

 private:
  // The request/response pair libseccomp sizes for the running kernel.
  struct Buffers {
    Buffers(const Buffers&) = delete;
    Buffers& operator=(const Buffers&) = delete;
    Buffers(seccomp_notif* req, seccomp_notif_resp* resp, std::size_t req_bytes)
        : request(req), response(resp), request_bytes(req_bytes) {}
    ~Buffers();
    seccomp_notif* request;
    seccomp_notif_resp* response;
    std::size_t request_bytes;
  };

  NotifySupervisor(UniqueFd listener, std::unique_ptr<Buffers> buffers)
      : listener_(std::move(listener)), buffers_(std::move(buffers)) {}
  void Count(std::string name);

  UniqueFd listener_;
  std::unique_ptr<Buffers> buffers_;
  bool exec_allowed_ = false;
  std::map<std::string, std::int64_t> denied_;
};

// The name a denied call is reported under: "openat", "i386:mount", "x32:ptrace",
// or "syscall_<nr>" when libseccomp does not know the number.
std::string DeniedCallName(std::uint32_t audit_arch, int nr);

}  // namespace pocsift::sandbox
