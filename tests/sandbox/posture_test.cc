// The sandbox's posture, asserted from inside (in the style of gVisor's
// test/runtimes/.../sandboxposture_test.go): what a PoC finds when it looks around.
#include <gtest/gtest.h>

#include "sandbox/environment.h"
#include "sandbox/launcher.h"
#include "tests/sandbox/runtime_cache.h"
#include "tests/sandbox/sandbox_run.h"

namespace pocsift::sandbox::testing {
namespace {

constexpr char kPostureCode[] = R"(
  import socket, stat
  status = dict(l.rstrip("\n").split(":\t", 1) for l in open("/proc/self/status") if ":\t" in l)
  out["no_new_privs"] = status["NoNewPrivs"]
  out["seccomp_mode"] = status["Seccomp"]
  out["capabilities"] = sorted({status[k] for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")})
  out["other_fds"] = [fd for fd in range(3, 1024) if errno_of(os.fstat, fd) == 0]
  out["std_fds_are_pipes"] = all(stat.S_ISFIFO(os.fstat(fd).st_mode) for fd in (0, 1, 2))
  out["environment"] = dict(os.environ)
  out["interfaces"] = sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:])
  out["routes"] = open("/proc/net/fib_trie").read()
  out["root_writable"] = errno_of(open, "/posture", "w")
  out["ids"] = [os.getuid(), os.geteuid(), os.getgid(), os.getegid(), os.getgroups()]
  out["pids"] = [os.getpid(), os.getppid()]
  out["hostname"] = socket.gethostname()
  out["mounts"] = sorted(l.split()[1] for l in open("/proc/self/mounts"))
  out["cwd"] = os.getcwd()
  out["python"] = "%d.%d" % sys.version_info[:2]
  import django
  out["django_imports"] = bool(django.get_version())
)";

class Posture : public ::testing::TestWithParam<std::string> {};

TEST_P(Posture, IsConfinedAsDocumented) {
  if (!RuntimeCacheExists()) {
    GTEST_SKIP() << "no Django runtimes cache (runtimes.lock.json under $POCSIFT_CACHE or "
                    "$HOME/.cache/pocsift/runtimes/*/); run scripts/install-runtimes";
  }
  const auto runtime = RuntimeForPython(GetParam());
  ASSERT_TRUE(runtime) << "the runtimes cache has no Python " << GetParam() << " runtime";
  Result<SandboxResult> run = RunSandboxed(ScriptRequest(*runtime, kPostureCode));
  ASSERT_TRUE(run) << run.error().message;
  const SandboxResult& r = run.value();
  ASSERT_EQ(r.status, RunStatus::kOk) << r.failure_reason << "\n" << r.stderr_tail;
  ASSERT_FALSE(r.frames.empty());
  ASSERT_FALSE(r.frames.back().contains("exception")) << r.frames.back().dump();
  const nlohmann::json& out = r.frames.back()["out"];

  EXPECT_EQ(out["no_new_privs"], "1");
  EXPECT_EQ(out["seccomp_mode"], "2");  // filter mode
  EXPECT_EQ(out["capabilities"], nlohmann::json::array({"0000000000000000"}));
  EXPECT_EQ(out["other_fds"], nlohmann::json::array());
  EXPECT_EQ(out["std_fds_are_pipes"], true);
  EXPECT_EQ(out["environment"], nlohmann::json(FixedEnvironment()));
  EXPECT_EQ(out["interfaces"], nlohmann::json::array({"lo"}));
  EXPECT_EQ(out["routes"], "");  // loopback is down: not even 127.0.0.0/8 is routed
  EXPECT_EQ(out["root_writable"], EROFS);
  EXPECT_EQ(out["ids"], nlohmann::json::parse("[1000, 1000, 1000, 1000, []]"));
  EXPECT_EQ(out["pids"], nlohmann::json::parse("[2, 1]"));
  EXPECT_EQ(out["hostname"], "pocsift");
  EXPECT_EQ(out["mounts"],
            nlohmann::json({"/", "/dev", "/dev/full", "/dev/null", "/dev/random", "/dev/urandom",
                            "/dev/zero", "/pocsift/bundle", "/pocsift/django", "/pocsift/harness",
                            "/pocsift/work", "/proc", "/tmp"}));
  EXPECT_EQ(out["cwd"], "/pocsift/work");
  EXPECT_EQ(out["python"], GetParam());
  EXPECT_EQ(out["django_imports"], true);
  // Looking around is not hostile: nothing was denied.
  EXPECT_TRUE(r.denied_syscalls.empty()) << nlohmann::json(r.denied_syscalls).dump();
  EXPECT_EQ(HostProcessesOf(TestHostUid()), 0);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Posture, ::testing::Values("3.11", "3.13"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param == "3.11" ? std::string("py311")
                                                        : std::string("py313");
                         });

}  // namespace
}  // namespace pocsift::sandbox::testing
