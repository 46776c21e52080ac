#include "sandbox/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "engine/unique_fd.h"

namespace pocsift::sandbox {
namespace {

Status WriteProcFile(pid_t pid, const char* name, const std::string& text) {
  const std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) return Internal("open(" + path + "): " + std::strerror(errno));
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    return Internal("write(" + path + ", \"" + text + "\"): " + std::strerror(errno));
  }
  return {};
}

}  // namespace

Result<pid_t> ForkIntoNewNamespaces() {
  constexpr unsigned long kFlags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
                                   CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
  // The raw syscall with a null stack behaves like fork(2); the helper is single-threaded.
  const long pid = ::syscall(SYS_clone, kFlags | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid < 0) {
    return Unavailable(std::string("clone(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWNET|"
                                   "CLONE_NEWIPC|CLONE_NEWUTS|CLONE_NEWCGROUP): ") +
                       std::strerror(errno));
  }
  return static_cast<pid_t>(pid);
}

static std::string MapText(const std::vector<IdMapping>& lines) {
  std::string text;
  for (const IdMapping& line : lines) {
    text += std::to_string(line.inside) + " " + std::to_string(line.host) + " 1\n";
  }
  return text;
}

Status WriteIdMaps(pid_t child, const IdMaps& maps, bool privileged) {
  if (!privileged) {
    if (Status s = WriteProcFile(child, "setgroups", "deny"); !s) return s;
  }
  if (Status s = WriteProcFile(child, "uid_map", MapText(maps.uids)); !s) return s;
  return WriteProcFile(child, "gid_map", MapText(maps.gids));
}

Status SetSandboxHostname() {
  static constexpr char kName[] = "pocsift";
  if (::sethostname(kName, sizeof kName - 1) != 0) {
    return Internal(std::string("sethostname: ") + std::strerror(errno));
  }
  return {};
}

}  // namespace pocsift::sandbox
