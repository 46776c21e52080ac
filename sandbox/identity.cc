#include "sandbox/identity.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace pocsift::sandbox {
namespace {

Error Failed(const std::string& call) {
  return Internal(call + ": " + std::strerror(errno));
}

}  // namespace

Status BecomeSandboxUser(std::uint32_t uid, std::uint32_t gid, bool privileged) {
  // PR_CAPBSET_DROP needs CAP_SETPCAP, which we still hold; EINVAL marks the last cap.
  for (int cap = 0;; ++cap) {
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
      if (errno == EINVAL) break;
      return Failed("prctl(PR_CAPBSET_DROP, " + std::to_string(cap) + ")");
    }
  }
  if (privileged && ::setgroups(0, nullptr) != 0) return Failed("setgroups(0)");
  if (::setresgid(gid, gid, gid) != 0) return Failed("setresgid(" + std::to_string(gid) + ")");
  if (::setresuid(uid, uid, uid) != 0) return Failed("setresuid(" + std::to_string(uid) + ")");
  // setresuid clears capabilities only when leaving the namespace's uid 0, and init's uid is
  // the host's root, unmapped here: so the sets are emptied explicitly.
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) {
    return Failed("prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
  }
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capset, &header, data) != 0) return Failed("capset(0)");
  if (::syscall(SYS_capget, &header, data) != 0) return Failed("capget");
  for (const auto& d : data) {
    if (d.effective != 0 || d.permitted != 0 || d.inheritable != 0) {
      return Internal("capabilities remain after setresuid");
    }
  }
  return {};
}

Status BecomeServerRoot() {
  if (::setgroups(0, nullptr) != 0) return Failed("setgroups(0)");
  if (::setresgid(0, 0, 0) != 0) return Failed("setresgid(0)");
  if (::setresuid(0, 0, 0) != 0) return Failed("setresuid(0)");
  return {};
}

}  // namespace pocsift::sandbox
