#include "tests/sandbox/warm_support.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "tests/sandbox/battery.h"
#include "tests/sandbox/sandbox_run.h"

namespace pocsift::sandbox::testing {

namespace fs = std::filesystem;

std::uint32_t WarmHostUid(int which) {
  // 62000..64998, even: the server's root takes the odd id above it.
  return 62000 + 8 * static_cast<std::uint32_t>(::getpid() % 375) + 2 * (which & 3);
}

Spool::Spool() {
  std::string name = (fs::temp_directory_path() / "pocsift-warm-test-spool-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) return;
  path_ = name;
  // The servers' root must traverse it to bind one run's bundle; nobody may list it.
  fs::permissions(path_, fs::perms(0711));
}

Spool::~Spool() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

fs::path Spool::Stage(const std::string& name, const std::map<std::string, std::string>& files,
                      bool hostile) {
  const fs::path bundle = path_ / name;
  fs::create_directory(bundle);
  fs::permissions(bundle, fs::perms(0755));
  auto write = [&](const std::string& file, const std::string& content) {
    std::ofstream(bundle / file, std::ios::binary) << content;
    fs::permissions(bundle / file, fs::perms(0644));
  };
  {
    std::ifstream script(fs::path(POCSIFT_TEST_HARNESS_DIR) / "run.py", std::ios::binary);
    write("battery_run.py", std::string(std::istreambuf_iterator<char>(script), {}));
  }
  if (hostile) {
    for (const auto& entry : fs::directory_iterator(HostileBundle())) {
      const fs::path target = bundle / entry.path().filename();
      if (entry.is_symlink()) {
        fs::create_symlink(fs::read_symlink(entry.path()), target);
      } else {
        fs::copy_file(entry.path(), target);
        fs::permissions(target, fs::perms(0644));
      }
    }
  }
  for (const auto& [file, content] : files) write(file, content);
  return bundle;
}

fs::path RealHarness() { return fs::path(POCSIFT_FIXTURES_DIR) / "harness"; }

SandboxRequest WarmServerRequest(const TestRuntime& runtime, const fs::path& spool,
                                 std::uint32_t host_uid) {
  SandboxRequest server;
  server.rootfs = runtime.rootfs;
  server.django = runtime.django;
  server.harness = fs::path(POCSIFT_FIXTURES_DIR) / "harness";
  server.project = fs::path(POCSIFT_FIXTURES_DIR) / "project";
  server.bundle = spool;
  server.python_args = {"/pocsift/harness/zygote.py"};
  server.host_uid = host_uid;
  server.host_gid = host_uid;
  return server;
}

Result<std::unique_ptr<WarmServer>> StartWarmServer(const TestRuntime& runtime,
                                                    const fs::path& spool, std::uint32_t host_uid) {
  return WarmServer::Start(WarmServerRequest(runtime, spool, host_uid));
}

SandboxRequest WarmRunRequest(const TestRuntime& runtime, const fs::path& bundle,
                              const std::string& code, const SandboxLimits& limits) {
  SandboxRequest request = WarmServerRequest(runtime, bundle.parent_path());
  request.bundle = bundle;
  request.python_args = {kWarmBatteryScript};
  request.input = {{"code", code}};
  request.limits = limits;
  request.host_uid = WarmHostUid();
  request.host_gid = WarmHostUid();
  return request;
}

SandboxRequest ColdRunRequest(const TestRuntime& runtime, const std::string& code,
                              std::uint32_t host_uid) {
  SandboxRequest request = ScriptRequest(runtime, code);
  request.project = fs::path(POCSIFT_FIXTURES_DIR) / "project";
  request.host_uid = host_uid;
  request.host_gid = host_uid;
  return request;
}

nlohmann::json OutOf(const SandboxResult& r) {
  if (r.frames.empty() || !r.frames.back().is_object()) return nullptr;
  return r.frames.back().value("out", nlohmann::json());
}

std::vector<std::string> HostProcessStatesOf(std::uint32_t uid) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    std::ifstream status(entry.path() / "status");
    std::string line, name, state;
    while (std::getline(status, line)) {
      if (line.rfind("Name:", 0) == 0) name = line.substr(5);
      if (line.rfind("State:", 0) == 0) state = line.substr(6);
      if (line.rfind("Uid:", 0) != 0) continue;
      std::istringstream fields(line.substr(4));
      std::uint32_t real = 0;
      if (fields >> real && real == uid) {
        auto trim = [](std::string s) {
          s.erase(0, s.find_first_not_of(" \t"));
          return s;
        };
        found.push_back(entry.path().filename().string() + " (" + trim(name) + ") " + trim(state));
      }
      break;
    }
  }
  return found;
}

int WaitForNoProcessesOf(std::uint32_t uid) {
  for (int i = 0; i < 400 && HostProcessesOf(uid) > 0; ++i) ::usleep(25'000);
  return HostProcessesOf(uid);
}

bool WarmRunsUnavailable(std::string& why) {
  if (!RuntimeCacheExists()) {
    why =
        "no Django runtimes cache (runtimes.lock.json under $POCSIFT_CACHE or "
        "$HOME/.cache/pocsift/runtimes/*/); run scripts/install-runtimes";
    return true;
  }
  if (::geteuid() != 0) {
    why = "a warm fork server needs root (pocsift-sandbox --server)";
    return true;
  }
  return false;
}

}  // namespace pocsift::sandbox::testing
