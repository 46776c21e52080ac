#include "sandbox/mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "engine/unique_fd.h"
#include "sandbox/request.h"

namespace pocsift::sandbox {
namespace {

Error Failed(const std::string& call) { return Internal(call + ": " + std::strerror(errno)); }

Status Mount(const char* source, const std::string& target, const char* type,
             unsigned long flags, const std::string& data) {
  if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) !=
      0) {
    return Failed(std::string("mount(") + (source ? source : "none") + ", " + target + ", " +
                  (type ? type : "none") + ", 0x" + std::to_string(flags) + ")");
  }
  return {};
}

// A bind mount in a user namespace inherits "locked" flags from the mount it copies; a
// remount must repeat them or fail with EPERM (mount_namespaces(7)). Reads them back.
unsigned long LockedFlags(const std::string& path) {
  struct statvfs info = {};
  if (::statvfs(path.c_str(), &info) != 0) return 0;
  unsigned long flags = 0;
  if (info.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (info.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (info.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (info.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (info.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (info.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

Status RemountReadOnly(const std::string& target, unsigned long extra) {
  return Mount(nullptr, target, nullptr,
               MS_REMOUNT | MS_BIND | MS_RDONLY | extra | LockedFlags(target), "");
}

// Binds a host directory read-only at `target`, non-recursively: nothing mounted below the
// source comes along.
Status BindReadOnly(const std::string& source, const std::string& target, bool noexec) {
  struct stat info = {};
  if (::stat(target.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return Internal("the root file system lacks the mount point " + target);
  }
  if (Status s = Mount(source.c_str(), target, nullptr, MS_BIND, ""); !s) return s;
  return RemountReadOnly(target, MS_NOSUID | MS_NODEV | (noexec ? MS_NOEXEC : 0));
}

Status MakeFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644));
  if (!fd.valid()) return Failed("open(" + path + ", O_CREAT)");
  return {};
}

// The character devices CPython and Django may open; nothing else (no tty, no console, no
// block devices, no /dev/shm). Bound from the host, as bwrap --dev does.
constexpr const char* kDevices[] = {"null", "zero", "full", "random", "urandom"};

// Files created in the sandbox's tmpfs mounts must belong to an id mapped in its user
// namespace (else EOVERFLOW). init's own uid is the host's root, which is unmapped; so once
// the host paths are resolved, init creates files as the sandbox user, and reaches the new
// root only through a descriptor (the sandbox user may not traverse the host's /root).
Status CreateFilesAsSandboxUser() {
  ::setfsgid(kSandboxGid);
  ::setfsuid(kSandboxUid);
  if (::setfsuid(static_cast<uid_t>(-1)) != static_cast<int>(kSandboxUid)) {
    return Failed("setfsuid(" + std::to_string(kSandboxUid) + ")");
  }
  return {};
}

std::string OwnedBySandboxUser(std::string data) {
  return data + ",uid=" + std::to_string(kSandboxUid) + ",gid=" + std::to_string(kSandboxGid);
}

// Fills the /dev tmpfs under `root` and makes it read-only.
Status FillDev(const std::string& root) {
  const std::string dev = root + "/dev";
  for (const char* name : kDevices) {
    const std::string target = dev + "/" + name;
    if (Status s = MakeFile(target); !s) return s;
    if (Status s = Mount((std::string("/dev/") + name).c_str(), target, nullptr, MS_BIND, "");
        !s) {
      return s;
    }
  }
  const std::pair<const char*, const char*> links[] = {{"/proc/self/fd", "fd"},
                                                       {"/proc/self/fd/0", "stdin"},
                                                       {"/proc/self/fd/1", "stdout"},
                                                       {"/proc/self/fd/2", "stderr"}};
  for (const auto& [to, name] : links) {
    if (::symlink(to, (dev + "/" + name).c_str()) != 0) {
      return Failed(std::string("symlink(/dev/") + name + ")");
    }
  }
  return Mount(nullptr, dev, nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC,
               OwnedBySandboxUser("size=64k,mode=0755"));
}

// /tmp is a directory of the work tmpfs, so one size cap covers both.
Status BindTmp(const std::string& root) {
  const std::string tmp = root + kWorkMount + "/tmp";
  if (::mkdir(tmp.c_str(), 01777) != 0) return Failed("mkdir(/pocsift/work/tmp)");
  if (::chmod(tmp.c_str(), 01777) != 0) return Failed("chmod(/pocsift/work/tmp)");
  return Mount(tmp.c_str(), root + "/tmp", nullptr, MS_BIND, "");
}

Status PivotInto(int root) {
  // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves no host
  // path reachable (the idiom runc uses; pivot_root(2), "NOTES").
  if (::fchdir(root) != 0) return Failed("fchdir(new root)");
  if (::syscall(SYS_pivot_root, ".", ".") != 0) return Failed("pivot_root(.)");
  if (::umount2(".", MNT_DETACH) != 0) return Failed("umount2(old root, MNT_DETACH)");
  if (::chdir("/") != 0) return Failed("chdir(/)");
  return {};
}

}  // namespace

Status BuildSandboxRoot(const ChildPlan& plan) {
  const std::string& host_root = plan.rootfs;
  // Nothing we mount may propagate back to the host's mount namespace.
  if (Status s = Mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, ""); !s) return s;
  // pivot_root needs the new root to be a mount point: bind it onto itself.
  if (Status s = Mount(host_root.c_str(), host_root, nullptr, MS_BIND, ""); !s) return s;
  for (const BindMount& bind : plan.binds) {
    if (Status s = BindReadOnly(bind.source, host_root + bind.target, bind.noexec); !s) return s;
  }
  // noexec: nothing the run writes can be mapped executable or exec'd (execve is denied by
  // seccomp as well).
  if (Status s = Mount("tmpfs", host_root + kWorkMount, "tmpfs",
                       MS_NOSUID | MS_NODEV | MS_NOEXEC,
                       OwnedBySandboxUser("size=" + std::to_string(plan.limits.tmpfs_bytes) +
                                          ",nr_inodes=" +
                                          std::to_string(plan.limits.tmpfs_inodes) +
                                          ",mode=0755"));
      !s) {
    return s;
  }
  if (Status s = Mount("tmpfs", host_root + "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
                       OwnedBySandboxUser("size=64k,mode=0755"));
      !s) {
    return s;
  }
  if (Status s = Mount("proc", host_root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                       "");
      !s) {
    return s;
  }
  UniqueFd root_fd(::open(host_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) return Failed("open(" + host_root + ", O_PATH)");
  const std::string root = "/proc/self/fd/" + std::to_string(root_fd.get());
  if (Status s = CreateFilesAsSandboxUser(); !s) return s;
  if (Status s = BindTmp(root); !s) return s;
  if (Status s = FillDev(root); !s) return s;
  if (Status s = RemountReadOnly(root, MS_NOSUID | MS_NODEV); !s) return s;
  return PivotInto(root_fd.get());
}

}  // namespace pocsift::sandbox
