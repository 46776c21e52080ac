// Passing one file descriptor over an AF_UNIX socket (SCM_RIGHTS, unix(7)).
//
// Used once per run: the sandboxed child sends its seccomp listener to the supervisor, so the
// listener never stays inside the sandbox. A fork server receives each run's channels so.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "engine/result.h"
#include "engine/unique_fd.h"

namespace pocsift::sandbox {

// Sends `fd` with one data byte. Does not close `fd`.
Status SendFd(int socket, int fd);
// Receives a descriptor sent by SendFd (close-on-exec). Fails on EOF or if none came.
Result<UniqueFd> ReceiveFd(int socket);

// Sends `bytes` as one message with `fds` attached (at most 16), on a SOCK_SEQPACKET socket:
// how the helper hands a fork server one run's channels. Does not close the descriptors.
Status SendMessage(int socket, std::string_view bytes, std::span<const int> fds = {});
// Receives one message of at most `max_bytes` (longer ones are an error). An empty result
// means the peer closed. Descriptors sent along are closed: none is expected.
Result<std::string> ReceiveMessage(int socket, std::size_t max_bytes);

}  // namespace pocsift::sandbox
