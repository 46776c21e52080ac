#include "tests/sandbox/sandbox_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "tests/sandbox/battery.h"

namespace pocsift::sandbox::testing {

std::uint32_t TestHostUid() { return 61000 + static_cast<std::uint32_t>(::getpid() % 1000); }

SandboxRequest ScriptRequest(const TestRuntime& runtime, const std::string& code) {
  SandboxRequest request;
  request.rootfs = runtime.rootfs;
  request.django = runtime.django;
  request.harness = POCSIFT_TEST_HARNESS_DIR;
  request.bundle = HostileBundle();
  request.python_args = {"/pocsift/harness/run.py"};
  request.input = {{"code", code}};
  request.limits = BatteryLimits();
  request.host_uid = TestHostUid();
  request.host_gid = TestHostUid();
  return request;
}

int HostProcessesOf(std::uint32_t uid) {
  int count = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::ifstream status(entry.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Uid:", 0) != 0) continue;
      std::istringstream fields(line.substr(4));
      std::uint32_t real = 0;
      if (fields >> real && real == uid) ++count;
      break;
    }
  }
  return count;
}

namespace {

// The temporary folder of HostileBundle(), removed when the test process exits normally.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string name =
        (std::filesystem::temp_directory_path() / "pocsift-sandbox-test-XXXXXX").string();
    path_ = ::mkdtemp(name.data());
  }
  ~TemporaryFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

const std::filesystem::path& HostileBundle() {
  static const TemporaryFolder folder;
  static const std::filesystem::path hostile_bundle = [] {
    const std::filesystem::path& root = folder.path();
    std::filesystem::permissions(root, std::filesystem::perms(0755));
    const auto bundle = root / "bundle";
    std::filesystem::create_directory(bundle);
    std::ofstream(root / "secret") << "host secret\n";
    std::filesystem::create_symlink("/etc/shadow", bundle / "to_shadow");
    std::filesystem::create_symlink(root / "secret", bundle / "to_host_secret");
    std::filesystem::create_symlink("/proc/1/environ", bundle / "to_init_environ");
    std::filesystem::create_symlink("../../../../../../../etc/passwd", bundle / "dotdot");
    std::filesystem::create_symlink("/etc/pocsift-created", bundle / "to_new_host_file");
    std::ofstream(bundle / "poc.py") << "print('hello')\n";
    // A native library shipped in the bundle (any ELF shared object will do).
    std::error_code ec;
    std::filesystem::copy_file("/lib/x86_64-linux-gnu/libm.so.6", bundle / "native.so", ec);
    return bundle;
  }();
  return hostile_bundle;
}

std::string Describe(const SandboxResult& r, const std::string& anomaly) {
  nlohmann::json denied = r.denied_syscalls;
  std::string frames;
  for (const auto& f : r.frames) frames += f.dump().substr(0, 2000) + "\n";
  return std::string("status=") + RunStatusName(r.status) + " reason=\"" + r.failure_reason +
         "\" anomaly=\"" + anomaly + "\" denied=" + denied.dump() + "\nframes:\n" + frames +
         "stderr tail:\n" +
         r.stderr_tail.substr(r.stderr_tail.size() > 2000 ? r.stderr_tail.size() - 2000 : 0);
}

bool WasDenied(const SandboxResult& r, const std::string& alternatives) {
  std::size_t start = 0;
  while (start <= alternatives.size()) {
    const std::size_t bar = alternatives.find('|', start);
    const std::string name = alternatives.substr(start, bar - start);
    auto it = r.denied_syscalls.find(name);
    if (it != r.denied_syscalls.end() && it->second > 0) return true;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return false;
}

void ExpectBehaviour(const Behaviour& behaviour, const SandboxResult& r) {
  EXPECT_EQ(r.status, behaviour.status);
  if (behaviour.reason.empty()) {
    EXPECT_EQ(r.failure_reason, "");
  } else {
    EXPECT_NE(r.failure_reason.find(behaviour.reason), std::string::npos);
  }
  for (const std::string& name : behaviour.denied) {
    EXPECT_TRUE(WasDenied(r, name)) << "expected a denied " << name;
  }
  if (!behaviour.out.empty()) {
    ASSERT_FALSE(r.frames.empty());
    const nlohmann::json& answer = r.frames.back();
    ASSERT_TRUE(answer.contains("out"));
    EXPECT_FALSE(answer.contains("exception")) << answer.value("exception", "");
    for (const auto& [key, expected] : behaviour.out.items()) {
      EXPECT_EQ(answer["out"].value(key, nlohmann::json()), expected) << "out[\"" << key << "\"]";
    }
  }
  if (behaviour.check) behaviour.check(r);
}

}  // namespace pocsift::sandbox::testing
