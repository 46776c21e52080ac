#include "sandbox/fd_passing.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace pocsift::sandbox {

namespace {

constexpr std::size_t kMaxFds = 16;

// One recvmsg of at most `max_bytes`; descriptors that came along go to `fds`, or are closed
// when `fds` is null.
Result<std::string> Receive(int socket, std::size_t max_bytes, bool wait, const char* what,
                            std::vector<UniqueFd>* fds) {
  std::string buffer(max_bytes + 1, '\0');
  iovec iov = {buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  const int flags = MSG_CMSG_CLOEXEC | (wait ? 0 : MSG_DONTWAIT);
  while ((n = ::recvmsg(socket, &msg, flags)) < 0) {
    if (errno != EINTR) return Internal(std::string(what) + ": " + strerror(errno));
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      UniqueFd owned(fd);
      if (fds) fds->push_back(std::move(owned));
    }
  }
  if ((msg.msg_flags & MSG_TRUNC) || static_cast<std::size_t>(n) > max_bytes) {
    return Internal(std::string(what) + ": a message longer than " + std::to_string(max_bytes) +
                    " bytes");
  }
  buffer.resize(static_cast<std::size_t>(n));
  return buffer;
}

}  // namespace

Status SendFd(int socket, int fd) {
  const int fds[] = {fd};
  return SendMessage(socket, "F", fds);
}

Result<UniqueFd> ReceiveFd(int socket) {
  std::vector<UniqueFd> fds;
  Result<std::string> byte = Receive(socket, 1, /*wait=*/true, "recvmsg(SCM_RIGHTS)", &fds);
  if (!byte) return byte.error();
  if (byte->empty()) return Internal("recvmsg(SCM_RIGHTS): peer closed without sending");
  if (fds.size() != 1) return Internal("recvmsg(SCM_RIGHTS): no descriptor in the message");
  return std::move(fds.front());
}

Status SendMessage(int socket, std::string_view bytes, std::span<const int> fds) {
  if (fds.size() > kMaxFds) return Internal("SendMessage: too many descriptors");
  iovec iov = {const_cast<char*>(bytes.data()), bytes.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (!fds.empty()) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(cmsg), fds.data(), sizeof(int) * fds.size());
  }
  while (::sendmsg(socket, &msg, MSG_NOSIGNAL) < 0) {
    if (errno != EINTR) return Internal(std::string("sendmsg: ") + strerror(errno));
  }
  return {};
}

Result<std::string> ReceiveMessage(int socket, std::size_t max_bytes) {
  return Receive(socket, max_bytes, /*wait=*/false, "recvmsg", nullptr);
}

}  // namespace pocsift::sandbox
