// The warm pool's lifecycle on real servers (docs/warm-runs.md): a run goes warm; a server
// that died or is wedged is replaced and the run in hand runs cold, saying why; servers are
// recycled after N runs; runs whose settings a warm child cannot apply run cold; nothing of
// the pool outlives it. Needs root and the runtimes cache (skips otherwise).
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/bundle.h"
#include "engine/paths.h"
#include "engine/run_matrix.h"
#include "engine/warm_pool.h"

namespace pocsift {
namespace {

// Ids of this test process only, so that other tests running at once are never touched.
std::uint32_t TestHostUid() { return 63000 + static_cast<std::uint32_t>(::getpid() % 500) * 2; }

std::vector<pid_t> ProcessesOf(std::uint32_t uid, const std::string& cmdline_part = "") {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream status(entry.path() / "status");
    std::string line;
    bool match = false;
    while (std::getline(status, line)) {
      if (line.rfind("Uid:", 0) != 0) continue;
      std::istringstream fields(line.substr(4));
      std::uint32_t real = 0;
      match = fields >> real && real == uid;
      break;
    }
    if (!match) continue;
    std::ifstream cmd(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    if (cmdline.find(cmdline_part) != std::string::npos) found.push_back(std::stoi(name));
  }
  return found;
}

class WarmPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto set = LoadRuntimes(PocsiftHome(), CacheRoot());
    if (!set || ::geteuid() != 0) GTEST_SKIP() << "needs root and the runtimes cache";
    for (const Runtime& r : set.value().runtimes)
      if (r.id == "4.2-bpo") runtime_ = r;
    ASSERT_FALSE(runtime_.id.empty()) << "no 4.2-bpo runtime";
    std::string dir = (std::filesystem::temp_directory_path() / "pocsift-warm-XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    folder_ = dir;
    std::filesystem::copy(PocsiftHome() / "fixtures" / "bundles" / "clean", folder_ / "b",
                          std::filesystem::copy_options::recursive);
    auto bundle = LoadBundle(folder_ / "b");
    ASSERT_TRUE(bundle) << bundle.error().message;
    bundle_ = std::move(bundle).value();
  }
  void TearDown() override {
    std::error_code ec;
    if (!folder_.empty()) std::filesystem::remove_all(folder_, ec);
  }

  std::unique_ptr<WarmPool> MakePool(int recycle_after = 200) {
    auto pool = WarmPool::Create({.recycle_after = recycle_after,
                                  .host_uid = TestHostUid(),
                                  .host_gid = TestHostUid()});
    EXPECT_TRUE(pool);
    return pool ? std::move(pool).value() : nullptr;
  }

  RunRecord RunOnce(WarmPool& pool, RunVariant variant = {"baseline"}, int wall_ms = 30'000) {
    MatrixOptions options;
    options.jobs = 1;
    options.warm_pool = &pool;
    options.limits.wall_ms = wall_ms;
    auto records = RunMatrix(bundle_, {RunPlan{&runtime_, std::move(variant)}}, options);
    EXPECT_TRUE(records);
    return records ? records.value().front() : RunRecord{};
  }

  Runtime runtime_;
  std::filesystem::path folder_;
  Bundle bundle_;
};

TEST_F(WarmPoolTest, ADeadServerIsReplacedAndTheRunInHandRunsCold) {
  auto pool = MakePool();
  const RunRecord first = RunOnce(*pool);
  EXPECT_EQ(first.status, "ok") << first.failure_reason;
  EXPECT_EQ(first.path, "warm") << first.cold_reason;
  const auto zygotes = ProcessesOf(TestHostUid() + 1, "zygote.py");
  ASSERT_EQ(zygotes.size(), 1u) << "one fork server per runtime, running as host uid + 1";
  ::kill(zygotes.front(), SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  const RunRecord during = RunOnce(*pool);
  EXPECT_EQ(during.status, "ok") << during.failure_reason;
  EXPECT_EQ(during.path, "cold");
  EXPECT_NE(during.cold_reason.find("warm server"), std::string::npos) << during.cold_reason;

  const RunRecord after = RunOnce(*pool);
  EXPECT_EQ(after.status, "ok") << after.failure_reason;
  EXPECT_EQ(after.path, "warm") << after.cold_reason;
  EXPECT_EQ(pool->Status()[runtime_.id]["servers_started"], 2);
}

TEST_F(WarmPoolTest, AWedgedServerIsReplacedAfterTheDeadlineAndTheRunRunsCold) {
  auto pool = MakePool();
  ASSERT_EQ(RunOnce(*pool).path, "warm");
  const auto zygotes = ProcessesOf(TestHostUid() + 1, "zygote.py");
  ASSERT_EQ(zygotes.size(), 1u);
  ::kill(zygotes.front(), SIGSTOP);  // alive, but it will never fork the next run

  const RunRecord wedged = RunOnce(*pool, {"baseline"}, 3'000);
  EXPECT_EQ(wedged.status, "ok") << wedged.failure_reason;
  EXPECT_EQ(wedged.path, "cold");
  EXPECT_NE(wedged.cold_reason.find("did not report"), std::string::npos) << wedged.cold_reason;
  EXPECT_TRUE(ProcessesOf(TestHostUid() + 1, "zygote.py").empty())
      << "the wedged server is killed with its tree";
  EXPECT_EQ(RunOnce(*pool).path, "warm");
}

TEST_F(WarmPoolTest, ServersAreRecycledAfterTheirRuns) {
  auto pool = MakePool(/*recycle_after=*/2);
  for (int i = 0; i < 5; ++i) {
    const RunRecord run = RunOnce(*pool);
    EXPECT_EQ(run.path, "warm") << run.cold_reason;
  }
  EXPECT_EQ(pool->Status()[runtime_.id]["servers_started"], 3);  // runs 1-2, 3-4, 5
  EXPECT_EQ(ProcessesOf(TestHostUid() + 1, "zygote.py").size(), 1u) << "old servers are gone";
}

TEST_F(WarmPoolTest, SettingsAWarmChildCannotApplyRunCold) {
  auto pool = MakePool();
  RunVariant swapped{"reporter", {{"AUTH_USER_MODEL", "auth.User"}}};
  const RunRecord run = RunOnce(*pool, swapped);
  EXPECT_EQ(run.status, "ok") << run.failure_reason;
  EXPECT_EQ(run.path, "cold");
  EXPECT_NE(run.cold_reason.find("AUTH_USER_MODEL"), std::string::npos) << run.cold_reason;
}

TEST_F(WarmPoolTest, NothingOfThePoolOutlivesIt) {
  {
    auto pool = MakePool();
    ASSERT_EQ(RunOnce(*pool).path, "warm");
    EXPECT_FALSE(ProcessesOf(TestHostUid() + 1).empty());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(ProcessesOf(TestHostUid() + 1).empty()) << "the server's tree is killed";
  EXPECT_TRUE(ProcessesOf(TestHostUid()).empty()) << "no run's process is left";
}

}  // namespace
}  // namespace pocsift
