// A fork server that lies (issue 8): the helper parses the zygote's messages as hostile input
// (sandbox/server_message.h). A stand-in zygote says ready and then, for the first run, sends
// one lie; the helper must answer the engine with the run failed and an anomaly naming the
// lie (so the pool replaces the server and reruns cold), never die on it. Before the parser,
// a run end whose "status" was a string threw inside the helper, which then vanished.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/sandbox/runtime_cache.h"
#include "tests/sandbox/warm_support.h"

namespace pocsift::sandbox::testing {
namespace {

namespace fs = std::filesystem;

// Says `ready` (a real zygote's first words) and answers the first run with `lie`, then waits
// for the helper to hang up.
std::string LyingZygote(const std::string& ready, const std::string& lie) {
  return "import os, socket\n"
         "sock = socket.socket(fileno=4)\n"
         "sock.recv(1 << 17)  # the seccomp program\n"
         "sock.send(" + ready + ")\n"
         "message, fds, _, _ = socket.recv_fds(sock, 1 << 17, 8)\n"
         "for fd in fds:\n"
         "    os.close(fd)\n"
         "sock.send(" + lie + ")\n"
         "sock.recv(1 << 17)\n";
}

constexpr char kReady[] =
    R"(b'{"type": "ready", "django": "0", "python": "3", "setup_ms": 1, "calibration_ms": 1}')";

class HarnessDir {
 public:
  explicit HarnessDir(const std::string& zygote) {
    std::string name = (fs::temp_directory_path() / "pocsift-lying-zygote-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) return;
    path_ = name;
    fs::permissions(path_, fs::perms(0755));
    std::ofstream(path_ / "zygote.py") << zygote;
    fs::permissions(path_ / "zygote.py", fs::perms(0644));
  }
  ~HarnessDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

class WarmLyingServer : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (WarmRunsUnavailable(why)) GTEST_SKIP() << why;
    runtime_ = RuntimeForPython("3.11");
    if (!runtime_) GTEST_SKIP() << "no Python 3.11 runtime in the cache";
  }

  Result<std::unique_ptr<WarmServer>> Start(const HarnessDir& harness) {
    SandboxRequest request = WarmServerRequest(*runtime_, spool_.path());
    request.harness = harness.path();
    return WarmServer::Start(request);
  }

  std::optional<TestRuntime> runtime_;
  Spool spool_;
};

struct Lie {
  const char* name;
  const char* message;      // a Python bytes literal
  const char* anomaly_part;  // in the answer's anomaly
};

void PrintTo(const Lie& c, std::ostream* os) { *os << c.name; }

class WarmLyingRunEnd : public WarmLyingServer, public ::testing::WithParamInterface<Lie> {};

TEST_P(WarmLyingRunEnd, FailsTheRunAndNamesTheLie) {
  const Lie& lie = GetParam();
  HarnessDir harness(LyingZygote(kReady, lie.message));
  auto server = Start(harness);
  ASSERT_TRUE(server) << server.error().message;
  const fs::path bundle = spool_.Stage("run-1");
  auto answer = server.value()->Run(WarmRunRequest(*runtime_, bundle, "out['x'] = 1", {}));
  ASSERT_TRUE(answer) << "the helper must answer, not die: " << answer.error().message;
  EXPECT_NE(answer->anomaly.find(lie.anomaly_part), std::string::npos) << answer->anomaly;
  EXPECT_NE(answer->result.status, RunStatus::kOk);
  EXPECT_FALSE(server.value()->healthy()) << "a lying server is replaced";
}

INSTANTIATE_TEST_SUITE_P(
    Lies, WarmLyingRunEnd,
    ::testing::Values(
        Lie{"StatusAString",
            R"(b'{"type": "exited", "id": 1, "status": "0", "utime_us": 0, "stime_us": 0, "maxrss_kb": 0}')",
            "\"status\" is not an integer"},
        Lie{"NegativeCpu",
            R"(b'{"type": "exited", "id": 1, "status": 0, "utime_us": -9, "stime_us": 0, "maxrss_kb": 0}')",
            "\"utime_us\" out of range"},
        Lie{"AnotherRunsEnd",
            R"(b'{"type": "exited", "id": 99, "status": 0, "utime_us": 0, "stime_us": 0, "maxrss_kb": 0}')",
            "not this run's end"},
        Lie{"NotJson", R"(b'\xff\xfe{')", "not JSON"},
        Lie{"Oversized", "b'{' + b' ' * 100000 + b'}'", "a message longer than 65536 bytes"},
        Lie{"AnErrorWithControlBytes", R"(b'{"type": "error", "message": "gone\\n\\u001b[2J"}')",
            "the fork server failed: gone??[2J"}),
    [](const ::testing::TestParamInfo<Lie>& param) { return std::string(param.param.name); });

TEST_F(WarmLyingServer, AMalformedReadyIsAStartErrorNamingTheField) {
  HarnessDir harness(LyingZygote(R"(b'{"type": "ready", "django": null}')", "b''"));
  auto server = Start(harness);
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().message.find("\"django\" is not a short string"), std::string::npos)
      << server.error().message;
}

}  // namespace
}  // namespace pocsift::sandbox::testing
