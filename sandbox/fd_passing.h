// Passing one file descriptor over an AF_UNIX socket (SCM_RIGHTS, unix(7)).
//
// Used once per run: the sandboxed child sends its seccomp listener to the supervisor, so the
// listener never stays inside the sandbox.
#pragma once

#include "engine/result.h"
#include "engine/unique_fd.h"

namespace pocsift::sandbox {

// Sends `fd` with one data byte. Does not close `fd`.
Status SendFd(int socket, int fd);
// Receives a descriptor sent by SendFd (close-on-exec). Fails on EOF or if none came.
Result<UniqueFd> ReceiveFd(int socket);

}  // namespace pocsift::sandbox
