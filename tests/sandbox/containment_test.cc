// The containment battery on real runs: every behaviour of battery.cc, on the Python 3.11
// (bookworm) and Python 3.13 (trixie) runtimes. Each case asserts the containment (what the
// code inside observed) and the evidence (status, denied calls, failure reason), and that no
// process of the sandbox's user outlives the run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <tuple>

#include "sandbox/launcher.h"
#include "tests/sandbox/battery.h"
#include "tests/sandbox/runtime_cache.h"
#include "tests/sandbox/sandbox_run.h"

namespace pocsift::sandbox::testing {
namespace {

using Param = std::tuple<std::size_t, std::string>;  // battery index, Python version

class Containment : public ::testing::TestWithParam<Param> {};

TEST_P(Containment, IsContainedAndReported) {
  const auto& [index, python] = GetParam();
  const Behaviour& behaviour = Battery()[index];
  if (!RuntimeCacheExists()) {
    GTEST_SKIP() << "no Django runtimes cache (runtimes.lock.json under $POCSIFT_CACHE or "
                    "$HOME/.cache/pocsift/runtimes/*/); run scripts/install-runtimes";
  }
  const auto runtime = RuntimeForPython(python);
  ASSERT_TRUE(runtime) << "the runtimes cache has no Python " << python << " runtime";

  SandboxRequest request = ScriptRequest(*runtime, behaviour.code);
  if (behaviour.limits) behaviour.limits(request.limits);
  Result<SandboxResult> run = RunSandboxed(request);
  ASSERT_TRUE(run) << run.error().message;
  const SandboxResult& r = run.value();
  SCOPED_TRACE(Describe(r));

  ExpectBehaviour(behaviour, r);
  // Nothing outlives a run: the PID namespace died with its init.
  EXPECT_EQ(HostProcessesOf(request.host_uid), 0);
}

std::string Name(const ::testing::TestParamInfo<Param>& info) {
  std::string python = std::get<1>(info.param);
  python.erase(std::remove(python.begin(), python.end(), '.'), python.end());
  return Battery()[std::get<0>(info.param)].name + "_py" + python;
}

INSTANTIATE_TEST_SUITE_P(Battery, Containment,
                         ::testing::Combine(::testing::Range<std::size_t>(0, Battery().size()),
                                            ::testing::Values("3.11", "3.13")),
                         Name);

TEST(ContainmentBattery, HasAtLeastThirtyBehaviours) { EXPECT_GE(Battery().size(), 30u); }

// The engine dying mid-run (SIGKILL: no handler runs) must take the sandbox with it: the
// helper and init each have PR_SET_PDEATHSIG, and init's death empties the PID namespace.
TEST(Teardown, KillingTheEngineMidRunLeavesNoProcess) {
  if (!RuntimeCacheExists()) GTEST_SKIP() << "no Django runtimes cache";
  const auto runtime = RuntimeForPython("3.11");
  ASSERT_TRUE(runtime);
  const SandboxRequest request = ScriptRequest(*runtime, "import time\ntime.sleep(600)\n");
  const pid_t engine = ::fork();
  ASSERT_GE(engine, 0);
  if (engine == 0) {
    (void)RunSandboxed(request);
    ::_exit(0);
  }
  // Polls with a generous bound; nothing here depends on how fast the machine is.
  auto wait_until = [](auto done) {
    for (int i = 0; i < 400 && !done(); ++i) ::usleep(25'000);
  };
  wait_until([&] { return HostProcessesOf(request.host_uid) > 0; });
  EXPECT_GT(HostProcessesOf(request.host_uid), 0) << "the sandbox never started";
  ::kill(engine, SIGKILL);
  ::waitpid(engine, nullptr, 0);
  wait_until([&] { return HostProcessesOf(request.host_uid) == 0; });
  EXPECT_EQ(HostProcessesOf(request.host_uid), 0);
}

}  // namespace
}  // namespace pocsift::sandbox::testing
