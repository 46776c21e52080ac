#include "sandbox/rlimits.h"

#include <errno.h>
#include <sys/resource.h>

#include <cstring>
#include <string>

namespace pocsift::sandbox {
namespace {

Status Set(int resource, const char* name, rlim_t soft, rlim_t hard) {
  const rlimit value = {soft, hard};
  if (::setrlimit(resource, &value) != 0) {
    return Internal(std::string("setrlimit(") + name + ", " + std::to_string(soft) +
                    "): " + std::strerror(errno));
  }
  return {};
}

}  // namespace

Status ApplyRlimits(const SandboxLimits& limits) {
  const auto cpu = static_cast<rlim_t>(limits.cpu_seconds);
  const auto tasks = static_cast<rlim_t>(limits.max_tasks);
  const auto files = static_cast<rlim_t>(limits.open_files);
  if (cpu > 0) {
    if (Status s = Set(RLIMIT_CPU, "RLIMIT_CPU", cpu, cpu + 1); !s) return s;
  }
  if (Status s = Set(RLIMIT_AS, "RLIMIT_AS", limits.address_space_bytes,
                     limits.address_space_bytes);
      !s) {
    return s;
  }
  if (Status s = Set(RLIMIT_NPROC, "RLIMIT_NPROC", tasks, tasks); !s) return s;
  if (Status s = Set(RLIMIT_FSIZE, "RLIMIT_FSIZE", limits.file_size_bytes,
                     limits.file_size_bytes);
      !s) {
    return s;
  }
  if (Status s = Set(RLIMIT_NOFILE, "RLIMIT_NOFILE", files, files); !s) return s;
  return Set(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
}

}  // namespace pocsift::sandbox
