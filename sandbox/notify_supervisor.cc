#include "sandbox/notify_supervisor.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace pocsift::sandbox {
namespace {

// x32 calls arrive with the native x86-64 audit arch and this bit set in the number
// (arch/x86/include/uapi/asm/unistd.h).
constexpr int kX32SyscallBit = 0x40000000;

}  // namespace

std::string DeniedCallName(std::uint32_t audit_arch, int nr) {
  std::uint32_t token = SCMP_ARCH_X86_64;
  std::string prefix;
  int number = nr;
  if (audit_arch == AUDIT_ARCH_I386) {
    token = SCMP_ARCH_X86;
    prefix = "i386:";
  } else if (audit_arch != AUDIT_ARCH_X86_64) {
    return "arch_" + std::to_string(audit_arch) + ":syscall_" + std::to_string(nr);
  } else if (nr & kX32SyscallBit) {
    // libseccomp knows the x32 table by the plain numbers; the name is what matters.
    token = SCMP_ARCH_X32;
    prefix = "x32:";
    number = nr & ~kX32SyscallBit;
  }
  std::unique_ptr<char, decltype(&std::free)> name(
      seccomp_syscall_resolve_num_arch(token, number), &std::free);
  if (!name && token == SCMP_ARCH_X32) {
    name.reset(seccomp_syscall_resolve_num_arch(token, nr));
  }
  if (!name) return prefix + "syscall_" + std::to_string(number);
  return prefix + name.get();
}

Result<NotifySupervisor> NotifySupervisor::Create(UniqueFd listener, bool allow_first_exec) {
  seccomp_notif* request = nullptr;
  seccomp_notif_resp* response = nullptr;
  if (int rc = seccomp_notify_alloc(&request, &response); rc < 0) {
    return Unavailable(std::string("seccomp_notify_alloc: ") + std::strerror(-rc));
  }
  // The kernel may know a larger struct than our headers; zero that many bytes per receive.
  seccomp_notif_sizes sizes = {};
  std::size_t request_bytes = sizeof(seccomp_notif);
  if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0) {
    request_bytes = std::max<std::size_t>(request_bytes, sizes.seccomp_notif);
  }
  NotifySupervisor supervisor(std::move(listener),
                              std::make_unique<Buffers>(request, response, request_bytes));
  supervisor.exec_allowed_ = !allow_first_exec;  // "already used" when none is allowed
  return supervisor;
}

NotifySupervisor::Buffers::~Buffers() { seccomp_notify_free(request, response); }

void NotifySupervisor::Count(std::string name) {
  if (denied_.size() >= kMaxDistinctDeniedNames && denied_.find(name) == denied_.end()) {
    name = "other";
  }
  ++denied_[name];
}

Status NotifySupervisor::HandleOne() {
  // The kernel rejects a receive buffer that is not zeroed (seccomp_unotify(2)).
  seccomp_notif* request = buffers_->request;
  seccomp_notif_resp* response = buffers_->response;
  std::memset(request, 0, buffers_->request_bytes);
  if (int rc = seccomp_notify_receive(listener_.get(), request); rc < 0) {
    // ENOENT: the task was killed or its call interrupted before we read it.
    if (rc == -ENOENT || rc == -EINTR) return {};
    return Internal(std::string("seccomp_notify_receive: ") + std::strerror(-rc));
  }
  const seccomp_data& call = request->data;
  response->id = request->id;
  response->val = 0;
  response->error = -EPERM;
  response->flags = 0;
  if (call.arch == AUDIT_ARCH_X86_64 && call.nr == __NR_execve && !exec_allowed_) {
    exec_allowed_ = true;
    response->error = 0;
    response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  } else {
    Count(DeniedCallName(call.arch, call.nr));
  }
  if (int rc = seccomp_notify_respond(listener_.get(), response); rc < 0) {
    if (rc == -ENOENT) return {};  // the task died while we decided
    return Internal(std::string("seccomp_notify_respond: ") + std::strerror(-rc));
  }
  return {};
}

}  // namespace pocsift::sandbox
