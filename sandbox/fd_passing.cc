#include "sandbox/fd_passing.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace pocsift::sandbox {

Status SendFd(int socket, int fd) {
  const int fds[] = {fd};
  return SendMessage(socket, "F", fds);
}

Result<UniqueFd> ReceiveFd(int socket) {
  char byte = 0;
  iovec iov = {&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC)) < 0) {
    if (errno != EINTR) return Internal(std::string("recvmsg(SCM_RIGHTS): ") + strerror(errno));
  }
  if (n == 0) return Internal("recvmsg(SCM_RIGHTS): peer closed without sending");
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  if (cmsg == nullptr || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS ||
      cmsg->cmsg_len != CMSG_LEN(sizeof(int))) {
    return Internal("recvmsg(SCM_RIGHTS): no descriptor in the message");
  }
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
  return UniqueFd(fd);
}

Status SendMessage(int socket, std::string_view bytes, std::span<const int> fds) {
  constexpr std::size_t kMaxFds = 16;
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
  std::string buffer(max_bytes + 1, '\0');
  iovec iov = {buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)] = {};
  msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT)) < 0) {
    if (errno != EINTR) return Internal(std::string("recvmsg: ") + strerror(errno));
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      ::close(fd);
    }
  }
  if ((msg.msg_flags & MSG_TRUNC) || static_cast<std::size_t>(n) > max_bytes) {
    return Internal("recvmsg: a message longer than " + std::to_string(max_bytes) + " bytes");
  }
  buffer.resize(static_cast<std::size_t>(n));
  return buffer;
}

}  // namespace pocsift::sandbox
