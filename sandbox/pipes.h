// Pipes and socket pairs for a run's channels, close-on-exec, as owned descriptors.
#pragma once

#include <utility>

#include "engine/result.h"
#include "engine/unique_fd.h"

namespace pocsift::sandbox {

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// pipe2(O_CLOEXEC); an Error naming errno otherwise.
Result<Pipe> MakePipe();

// socketpair(AF_UNIX, type | SOCK_CLOEXEC).
Result<std::pair<UniqueFd, UniqueFd>> MakeSocketPair(int type);

}  // namespace pocsift::sandbox
