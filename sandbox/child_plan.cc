#include "sandbox/child_plan.h"

#include <system_error>

#include "sandbox/environment.h"

namespace pocsift::sandbox {
namespace {

Result<std::string> CanonicalDirectory(const std::filesystem::path& path, const char* what) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::canonical(path, ec);
  if (ec) return BadInput(std::string(what) + " " + path.string() + ": " + ec.message());
  if (!std::filesystem::is_directory(canonical, ec)) {
    return BadInput(std::string(what) + " " + path.string() + ": not a directory");
  }
  return canonical.string();
}

}  // namespace

Result<ChildPlan> MakeChildPlan(const SandboxRequest& request, bool privileged) {
  ChildPlan plan;
  plan.privileged = privileged;
  if (request.rootfs.empty()) return BadInput("sandbox request: no rootfs");
  auto rootfs = CanonicalDirectory(request.rootfs, "rootfs");
  if (!rootfs) return rootfs.error();
  plan.rootfs = rootfs.value();
  if (privileged && (request.host_uid == 0 || request.host_gid == 0)) {
    return BadInput("sandbox request: host_uid/host_gid 0 would make the sandbox user root");
  }
  struct Folder {
    const std::filesystem::path& source;
    const char* target;
    bool noexec;
  };
  // The bundle and the project are data: nothing in them may be mapped executable (a
  // bundle's .so through ctypes, say). Django and the harness are the runtime's own code.
  const Folder folders[] = {{request.django, kDjangoMount, false},
                            {request.harness, kHarnessMount, false},
                            {request.project, kProjectMount, true},
                            {request.bundle, kBundleMount, true}};
  for (const Folder& folder : folders) {
    if (folder.source.empty()) continue;
    auto dir = CanonicalDirectory(folder.source, folder.target);
    if (!dir) return dir.error();
    plan.binds.push_back({dir.value(), folder.target, folder.noexec});
  }
  const SandboxLimits& l = request.limits;
  if (l.cpu_seconds <= 0 || l.address_space_bytes == 0 || l.max_tasks <= 0 ||
      l.file_size_bytes == 0 || l.open_files <= 0 || l.tmpfs_bytes == 0 ||
      l.tmpfs_inodes == 0 || l.wall_ms <= 0 || l.max_frame_bytes == 0 ||
      l.max_output_bytes == 0 || l.max_frames <= 0) {
    return BadInput("sandbox limits: every limit must be positive");
  }
  plan.limits = l;
  auto env = BuildEnvironment(request.env);
  if (!env) return env.error();
  plan.envp = std::move(env).value();
  plan.argv = {kInterpreter, "-B", "-S"};
  for (const std::string& arg : request.python_args) {
    if (arg.find('\0') != std::string::npos) {
      return BadInput("sandbox request: an argument contains a NUL byte");
    }
    plan.argv.push_back(arg);
  }
  return plan;
}

IdMaps SandboxIdMaps(const ChildPlan& plan, std::uint32_t host_uid, std::uint32_t host_gid) {
  IdMaps maps{{{kSandboxUid, host_uid}}, {{kSandboxGid, host_gid}}};
  if (plan.server) {
    maps.uids.insert(maps.uids.begin(), IdMapping{0, host_uid + 1});
    maps.gids.insert(maps.gids.begin(), IdMapping{0, host_gid + 1});
  }
  return maps;
}

}  // namespace pocsift::sandbox
