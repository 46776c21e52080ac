// The containment battery and the posture test, warm (issue 9): every behaviour of
// battery.cc run as a child of a fork server (sandbox/warm_client.h) on the Python 3.11
// (bookworm) and Python 3.13 (trixie) runtimes, with the outcomes a cold run must produce
// (containment_test.cc), and the posture of a warm child compared field by field with a cold
// run's. A warm child is meant to be confined exactly as a cold run; where a result differs
// by design, the difference is asserted here and explained, never skipped.
//
// One server per runtime serves the whole battery (ctest runs one process per runtime, see
// CMakeLists.txt), as the engine's pool shares one per runtime: each case asserts that the
// server stays healthy (a hostile run, even one the supervisor kills at its deadline or
// output caps, is no anomaly of the server: docs/warm-runs.md, Lifecycle), and that no
// process of the sandbox user's host uid outlives its run. Only a run asking for more than
// the server's own limits makes it report an anomaly (WarmLimits); the next case then starts
// a fresh server.
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "sandbox/environment.h"
#include "sandbox/launcher.h"
#include "tests/sandbox/battery.h"
#include "tests/sandbox/runtime_cache.h"
#include "tests/sandbox/sandbox_run.h"
#include "tests/sandbox/warm_support.h"

namespace pocsift::sandbox::testing {
namespace {

using nlohmann::json;

// Behaviours the supervisor kills while the run is still going (the deadline, the output
// caps): as cold, an ordinary timed-out or failed run, not an anomaly of the server, which
// goes on serving (docs/warm-runs.md, Lifecycle).
const std::set<std::string>& AlwaysKilled() {
  static const std::set<std::string> names = {
      "sleep_past_deadline",  // the wall-clock deadline
      "prints_a_gigabyte",    // an oversized frame header, while it still writes
      "floods_frames",        // the output cap, while it still writes
      "floods_stderr",        // the stderr cap, while it still writes
  };
  return names;
}


#define SKIP_WITHOUT_WARM_RUNTIMES()                    \
  do {                                                  \
    std::string why_skipped;                            \
    if (WarmRunsUnavailable(why_skipped)) GTEST_SKIP() << why_skipped; \
  } while (0)

// One server per runtime for the whole process, with its spool and the battery's bundle.
struct WarmSlot {
  TestRuntime runtime;
  std::uint32_t uid = 0;  // the sandbox user's host uid; the server's root is uid + 1
  std::unique_ptr<Spool> spool;
  std::filesystem::path bundle;
  std::unique_ptr<WarmServer> server;
};

WarmSlot* SlotFor(const std::string& python, std::string& problem) {
  static std::map<std::string, std::unique_ptr<WarmSlot>> slots;
  auto& slot = slots[python];
  if (!slot) {
    const auto runtime = RuntimeForPython(python);
    if (!runtime) {
      problem = "the runtimes cache has no Python " + python + " runtime";
      slots.erase(python);
      return nullptr;
    }
    slot = std::make_unique<WarmSlot>();
    slot->runtime = *runtime;
    slot->uid = WarmHostUid(python == "3.11" ? 0 : 2);
    slot->spool = std::make_unique<Spool>();
    slot->bundle = slot->spool->Stage("battery", {}, /*hostile=*/true);
  }
  if (slot->server && !slot->server->healthy()) {
    slot->server.reset();  // closing its helper's stdin kills the server and its whole tree
    const int left = WaitForNoProcessesOf(slot->uid + 1);
    if (left != 0) {
      problem = std::to_string(left) + " process(es) of the replaced server survived it";
      return nullptr;
    }
  }
  if (!slot->server) {
    auto started = StartWarmServer(slot->runtime, slot->spool->path(), slot->uid);
    if (!started) {
      problem = "the warm server did not start: " + started.error().message;
      return nullptr;
    }
    slot->server = std::move(started).value();
  }
  return slot.get();
}

using Param = std::tuple<std::size_t, std::string>;  // battery index, Python version

class WarmContainment : public ::testing::TestWithParam<Param> {};

TEST_P(WarmContainment, IsContainedAsCold) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  const auto& [index, python] = GetParam();
  const Behaviour& behaviour = Battery()[index];
  std::string problem;
  WarmSlot* slot = SlotFor(python, problem);
  ASSERT_NE(slot, nullptr) << problem;
  WarmServer& server = *slot->server;
  ASSERT_TRUE(server.healthy());
  EXPECT_EQ(server.ready().value("python", "").substr(0, python.size()), python);

  SandboxLimits limits = BatteryLimits();
  if (behaviour.limits) behaviour.limits(limits);
  const int runs_before = server.runs();
  Result<WarmAnswer> answer =
      server.Run(WarmRunRequest(slot->runtime, slot->bundle, behaviour.code, limits));
  ASSERT_TRUE(answer) << "the warm run could not be started: " << answer.error().message;
  EXPECT_EQ(server.runs(), runs_before + 1);
  const SandboxResult& r = answer->result;
  const std::string& anomaly = answer->anomaly;
  SCOPED_TRACE(Describe(r, anomaly));

  // The evidence, exactly as containment_test.cc asserts it for a cold run.
  ExpectBehaviour(behaviour, r);
  // A warm child never executes anything: the supervisor lets no execve through (a cold run's
  // first one is the interpreter's own, let through by count; warm_server.cc passes
  // allow_first_exec = false). So every execve a warm run makes is denied and counted, and
  // a run that makes none has none counted.
  if (r.denied_syscalls.count("execve")) {
    EXPECT_TRUE(behaviour.name == "os_exec" || behaviour.name == "ctypes_execve" ||
                behaviour.name == "memfd_create_and_exec")
        << "an execve was denied in a behaviour that makes none";
  }

  // Warm only: a hostile run, killed or not, is no anomaly of the server: it stays healthy.
  EXPECT_EQ(anomaly, "");
  EXPECT_TRUE(server.healthy()) << "the server must survive " << behaviour.name;

  // Nothing outlives a run, killed or not: the server reports a run's end only once its
  // whole PID namespace is gone (a run that ends by itself: C's exit wakes B, whose exit
  // waits for the namespace to empty, and A reaps B; a killed one: the zygote kills A and B
  // and reaps B as its subreaper). WarmKill checks the killed case harder.
  EXPECT_EQ(HostProcessesOf(slot->uid), 0);
}

std::string Suffix(const std::string& python) {
  std::string s = python;
  s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
  return "_py" + s;
}

// "py311" for "3.11".
std::string RuntimeName(const ::testing::TestParamInfo<std::string>& param) {
  return Suffix(param.param).substr(1);
}

std::string Name(const ::testing::TestParamInfo<Param>& info) {
  return Battery()[std::get<0>(info.param)].name + Suffix(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(Battery, WarmContainment,
                         ::testing::Combine(::testing::Range<std::size_t>(0, Battery().size()),
                                            ::testing::Values("3.11", "3.13")),
                         Name);

TEST(WarmBatteryTable, NamesTheKilledBehavioursOfTheBattery) {
  std::set<std::string> names;
  for (const Behaviour& b : Battery()) names.insert(b.name);
  for (const std::string& name : AlwaysKilled()) EXPECT_TRUE(names.count(name)) << name;
  EXPECT_GE(Battery().size(), 49u);
}

// --- warm against cold, behaviour by behaviour ---------------------------------------------

// Every behaviour of the battery, run cold and warm on the same runtime: the same status,
// failure reason, denied system calls (by name) and observations. The battery's table says
// what each must produce; this says that warm and cold produce the same, including what the
// table does not pin down. One difference: a killed run (AlwaysKilled) may still write its
// answer warm. A warm kill travels through the zygote (a message on its command socket, then
// its SIGKILLs to the run's root and init), so the payload may run a little longer after the
// supervisor's decision than a cold one, whose init the helper kills itself; seen with
// floods_stderr, whose code then meets the closed stderr and answers. What it writes is read
// during the supervisor's drain; the run's status and failure reason are the kill's either way.
class WarmVsCold : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmVsCold, EveryBehaviourHasTheSameOutcome) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  std::string problem;
  WarmSlot* slot = SlotFor(GetParam(), problem);
  ASSERT_NE(slot, nullptr) << problem;
  for (const Behaviour& behaviour : Battery()) {
    SCOPED_TRACE(behaviour.name);
    slot = SlotFor(GetParam(), problem);
    ASSERT_NE(slot, nullptr) << problem;
    SandboxLimits limits = BatteryLimits();
    if (behaviour.limits) behaviour.limits(limits);
    Result<WarmAnswer> warm =
        slot->server->Run(WarmRunRequest(slot->runtime, slot->bundle, behaviour.code, limits));
    ASSERT_TRUE(warm) << warm.error().message;
    ASSERT_EQ(WaitForNoProcessesOf(slot->uid), 0);
    SandboxRequest cold_request = ColdRunRequest(slot->runtime, behaviour.code, slot->uid);
    cold_request.bundle = slot->bundle;
    cold_request.limits = limits;
    Result<SandboxResult> cold_run = RunSandboxed(cold_request);
    ASSERT_TRUE(cold_run) << cold_run.error().message;
    const SandboxResult& w = warm->result;
    const SandboxResult& c = cold_run.value();
    SCOPED_TRACE("warm: " + Describe(w, warm->anomaly) + "\ncold: " + Describe(c));
    EXPECT_EQ(w.status, c.status);
    EXPECT_EQ(w.failure_reason, c.failure_reason);
    std::set<std::string> warm_denied, cold_denied;
    for (const auto& [name, count] : w.denied_syscalls) warm_denied.insert(name);
    for (const auto& [name, count] : c.denied_syscalls) cold_denied.insert(name);
    EXPECT_EQ(warm_denied, cold_denied);
    // A run killed while it still writes may or may not get its answer frame out first,
    // warm or cold: a race with the kill either way, so only answers both got are compared.
    if (AlwaysKilled().count(behaviour.name) && (OutOf(c).is_null() || OutOf(w).is_null()))
      continue;
    EXPECT_EQ(OutOf(w), OutOf(c));
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmVsCold, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- the posture, warm and cold -----------------------------------------------------------

// posture_test.cc's look around, and more that a fork server could get wrong: rlimits,
// umask, session, signal dispositions, mount options and propagation, the tmpfs's size,
// shared writable mappings, namespaces.
constexpr char kPostureCode[] = R"(
  import resource, socket, stat
  status = dict(l.rstrip("\n").split(":\t", 1) for l in open("/proc/self/status") if ":\t" in l)
  out["no_new_privs"] = status["NoNewPrivs"]
  out["seccomp_mode"] = status["Seccomp"]
  out["seccomp_filters"] = status.get("Seccomp_filters", "?")
  out["capabilities"] = sorted({status[k] for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")})
  out["signals"] = {k: status[k] for k in ("SigBlk", "SigIgn", "SigCgt")}
  out["other_fds"] = [fd for fd in range(3, 1024) if errno_of(os.fstat, fd) == 0]
  out["std_fds_are_pipes"] = all(stat.S_ISFIFO(os.fstat(fd).st_mode) for fd in (0, 1, 2))
  out["environment"] = dict(os.environ)
  out["interfaces"] = sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:])
  out["routes"] = open("/proc/net/fib_trie").read()
  out["root_writable"] = errno_of(open, "/posture", "w")
  out["ids"] = [os.getuid(), os.geteuid(), os.getgid(), os.getegid(), os.getgroups()]
  out["resids"] = [list(os.getresuid()), list(os.getresgid())]
  out["pids"] = [os.getpid(), os.getppid()]
  out["session"] = [os.getsid(0), os.getpgrp()]
  out["hostname"] = socket.gethostname()
  mounts = [l.split() for l in open("/proc/self/mounts")]
  out["mounts"] = sorted(m[1] for m in mounts)
  # The options of the mount that is visible at each point (the last one mounted there).
  out["mount_options"] = {m[1]: [m[0], m[2], m[3]] for m in mounts}
  info = [l.split() for l in open("/proc/self/mountinfo")]
  out["propagation"] = sorted({f for l in info for f in l[6:l.index("-")]})
  out["cwd"] = os.getcwd()
  out["umask"] = os.umask(0o22)
  out["rlimits"] = {n: list(resource.getrlimit(getattr(resource, n)))
                    for n in dir(resource) if n.startswith("RLIMIT_")}
  st = os.statvfs("/pocsift/work")
  out["tmpfs"] = [st.f_blocks * st.f_frsize, st.f_files]
  out["work"] = sorted(os.listdir("/pocsift/work"))
  out["tmp"] = sorted(os.listdir("/tmp"))
  out["bundle"] = sorted(os.listdir("/pocsift/bundle"))
  out["shared_writable_maps"] = [l.split(None, 5)[-1].strip() for l in open("/proc/self/maps")
                                 if l.split()[1][1] == "w" and l.split()[1][3] == "s"]
  out["personality"] = open("/proc/self/personality").read().strip()
  out["oom_score_adj"] = open("/proc/self/oom_score_adj").read().strip()
  out["namespaces"] = {n: os.readlink("/proc/self/ns/" + n)
                       for n in ("user", "mnt", "pid", "net", "ipc", "uts", "cgroup")}
  out["flags"] = [sys.flags.no_site, sys.flags.dont_write_bytecode, sys.flags.ignore_environment,
                  sys.flags.isolated, sys.flags.optimize, sys.flags.hash_randomization]
  out["python"] = "%d.%d" % sys.version_info[:2]
  out["threads"] = len(os.listdir("/proc/self/task"))
  import django
  out["django_imports"] = bool(django.get_version())
  status = dict(l.rstrip("\n").split(":\t", 1) for l in open("/proc/self/status") if ":\t" in l)
  out["vm_size_kb"] = int(status["VmSize"].split()[0])
)";

class WarmPosture : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmPosture, MatchesTheColdPosture) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  const std::string python = GetParam();
  std::string problem;
  WarmSlot* slot = SlotFor(python, problem);
  ASSERT_NE(slot, nullptr) << problem;

  // Cold, with the project bound as a warm server binds it, so that the mounts compare.
  Result<SandboxResult> cold_run =
      RunSandboxed(ColdRunRequest(slot->runtime, kPostureCode, slot->uid));
  ASSERT_TRUE(cold_run) << cold_run.error().message;
  ASSERT_EQ(cold_run->status, RunStatus::kOk) << Describe(cold_run.value());
  const json cold = OutOf(cold_run.value());
  ASSERT_TRUE(cold.is_object()) << Describe(cold_run.value());
  ASSERT_FALSE(cold_run->frames.back().contains("exception")) << Describe(cold_run.value());

  json warm_outs = json::array();
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE("warm run " + std::to_string(i + 1));
    ASSERT_TRUE(slot->server->healthy());
    Result<WarmAnswer> answer = slot->server->Run(
        WarmRunRequest(slot->runtime, slot->bundle, kPostureCode, BatteryLimits()));
    ASSERT_TRUE(answer) << answer.error().message;
    const SandboxResult& r = answer->result;
    ASSERT_EQ(r.status, RunStatus::kOk) << Describe(r, answer->anomaly);
    EXPECT_EQ(answer->anomaly, "");
    ASSERT_FALSE(r.frames.back().contains("exception")) << Describe(r);
    // Looking around is not hostile: nothing was denied, warm or cold.
    EXPECT_TRUE(r.denied_syscalls.empty()) << json(r.denied_syscalls).dump();
    EXPECT_EQ(HostProcessesOf(slot->uid), 0);
    warm_outs.push_back(OutOf(r));
  }
  EXPECT_TRUE(cold_run->denied_syscalls.empty()) << json(cold_run->denied_syscalls).dump();
  const json& warm = warm_outs[0];
  SCOPED_TRACE("cold: " + cold.dump() + "\nwarm: " + warm.dump());

  // What posture_test.cc asserts of a cold run, asserted of the warm one.
  EXPECT_EQ(warm["no_new_privs"], "1");
  EXPECT_EQ(warm["seccomp_mode"], "2");
  EXPECT_EQ(warm["seccomp_filters"], "1") << "exactly the run's filter, nothing stacked";
  EXPECT_EQ(warm["capabilities"], json::array({"0000000000000000"}));
  EXPECT_EQ(warm["other_fds"], json::array());
  EXPECT_EQ(warm["std_fds_are_pipes"], true);
  EXPECT_EQ(warm["interfaces"], json::array({"lo"}));
  EXPECT_EQ(warm["routes"], "");
  EXPECT_EQ(warm["root_writable"], EROFS);
  EXPECT_EQ(warm["ids"], json::parse("[1000, 1000, 1000, 1000, []]"));
  EXPECT_EQ(warm["resids"], json::parse("[[1000, 1000, 1000], [1000, 1000, 1000]]"));
  EXPECT_EQ(warm["pids"], json::parse("[2, 1]"));
  EXPECT_EQ(warm["hostname"], "pocsift");
  EXPECT_EQ(warm["cwd"], "/pocsift/work");
  EXPECT_EQ(warm["python"], python);
  EXPECT_EQ(warm["django_imports"], true);
  EXPECT_EQ(warm["propagation"], json::array()) << "every mount is private";
  EXPECT_EQ(warm["shared_writable_maps"], json::array())
      << "no memory is shared with the server or another run";
  EXPECT_EQ(warm["work"], json::array({"tmp"}));
  EXPECT_EQ(warm["tmp"], json::array());
  EXPECT_EQ(warm["threads"], 1);
  const json limits_tmpfs = {BatteryLimits().tmpfs_bytes, BatteryLimits().tmpfs_inodes};
  EXPECT_EQ(warm["tmpfs"], limits_tmpfs);

  // Field by field, the same as cold, but for the differences below.
  for (const char* key : {"no_new_privs",
                          "seccomp_mode",
                          "seccomp_filters",
                          "capabilities",
                          "signals",
                          "other_fds",
                          "std_fds_are_pipes",
                          "interfaces",
                          "routes",
                          "root_writable",
                          "ids",
                          "resids",
                          "pids",
                          "session",
                          "hostname",
                          "mount_options",
                          "propagation",
                          "cwd",
                          "umask",
                          "rlimits",
                          "tmpfs",
                          "work",
                          "tmp",
                          "shared_writable_maps",
                          "personality",
                          "oom_score_adj",
                          "flags",
                          "python",
                          "threads",
                          "django_imports"}) {
    EXPECT_EQ(warm[key], cold[key]) << "warm and cold differ in " << key;
  }

  // Difference 1: the bundle. A warm run's bundle is its folder of the spool; the battery's
  // file is in it (cold runs take it from the test harness's folder instead).
  json cold_bundle = cold["bundle"];
  cold_bundle.push_back("battery_run.py");
  std::sort(cold_bundle.begin(), cold_bundle.end());
  EXPECT_EQ(warm["bundle"], cold_bundle);

  // Difference 2: the mount list. A warm child's mounts are laid over the server's at the
  // same points: the spool under the run's bundle, the server's tmpfs and /tmp under the
  // run's own, the server's /proc under the run's. The covered mounts are listed but
  // unreachable (no path leads below a mount point, and the run can neither unmount nor
  // open a mount tree). The visible mount at each point has exactly a cold run's options
  // (mount_options above).
  json expected_mounts = cold["mounts"];
  for (const char* covered : {"/pocsift/bundle", "/pocsift/work", "/proc", "/tmp"}) {
    expected_mounts.push_back(covered);
  }
  std::sort(expected_mounts.begin(), expected_mounts.end());
  EXPECT_EQ(warm["mounts"], expected_mounts);

  // Difference 3: the environment. A cold run's is exactly the fixed one (the battery's
  // request adds nothing). A warm child inherits the server's, which the zygote completed to
  // set Django up before any run: DJANGO_SETTINGS_MODULE and the server's own
  // POCSIFT_SECRET_KEY (random per server, never a run's: the harness sets the run's own
  // before it configures anything, fixtures/harness/run.py configure_environment). Only
  // names the allow-list admits (environment.h).
  EXPECT_EQ(cold["environment"], json(FixedEnvironment()));
  json expected_env = cold["environment"];
  expected_env["DJANGO_SETTINGS_MODULE"] = "pocsift_project.settings";
  // Django's settings set TZ from TIME_ZONE (django/conf/__init__.py), as in a cold harness
  // run once it has configured Django.
  expected_env["TZ"] = "UTC";
  ASSERT_TRUE(warm["environment"].contains("POCSIFT_SECRET_KEY"));
  expected_env["POCSIFT_SECRET_KEY"] = warm["environment"]["POCSIFT_SECRET_KEY"];
  EXPECT_EQ(warm["environment"], expected_env);
  EXPECT_GE(warm["environment"]["POCSIFT_SECRET_KEY"].get<std::string>().size(), 50u);
  EXPECT_EQ(warm_outs[1]["environment"], warm["environment"])
      << "a run's environment changes never reach the next run";

  // Difference 4: namespaces. Each warm run has its own mount, PID, IPC and UTS namespaces
  // (as a cold run has); the user, network and cgroup namespaces are the server's, shared by
  // its runs one after another (a cold run gets new ones). What that shares: uid 1000 of one
  // user namespace (no capabilities, nothing of the host), the down loopback-only network
  // (abstract AF_UNIX names: gone with the run's processes, see warm_isolation_test.cc).
  // Namespace ids are compared with the server's own (read from the host while the server
  // lives, so its ids cannot have been reused), not between runs (a freed id is reused).
  std::map<std::string, std::set<std::string>> server_ns;
  for (const std::string& process : HostProcessStatesOf(slot->uid + 1)) {
    const std::string pid = process.substr(0, process.find(' '));
    for (const char* ns : {"mnt", "pid", "net", "ipc", "uts", "user", "cgroup"}) {
      std::error_code ec;
      const auto link = std::filesystem::read_symlink("/proc/" + pid + "/ns/" + ns, ec);
      if (!ec) server_ns[ns].insert(link.string());
    }
  }
  ASSERT_FALSE(server_ns.empty()) << "no process of the server found";
  for (const auto& [ns, ids] : server_ns) {
    SCOPED_TRACE(ns);
    ASSERT_EQ(ids.size(), 1u) << "the server's processes are in one namespace each";
    const std::string& server_id = *ids.begin();
    const bool shared = ns == "user" || ns == "net" || ns == "cgroup";
    for (const json& out : warm_outs) {
      if (shared) {
        EXPECT_EQ(out["namespaces"][ns], server_id) << "the server's, shared by its runs";
      } else {
        EXPECT_NE(out["namespaces"][ns], server_id) << "each warm run has its own";
      }
    }
  }

  // Difference 5: the address space. A warm child starts with the server's (the interpreter
  // with Django, the harness, the middleware chain and the template database already
  // loaded), and RLIMIT_AS counts all of it, where a cold run's grows from a bare
  // interpreter: both had imported Django when they measured. Measured: about 54 MB warm
  // against 16 MB cold (Python 3.11), so a warm run reaches its address-space limit that
  // much sooner (with the battery's 512 MiB, 9 threads of default 8 MiB stacks start warm,
  // 14 cold; both stop with "can't start new thread", as thread_bomb expects).
  SCOPED_TRACE("VmSize cold " + cold["vm_size_kb"].dump() + " kB, warm " +
               warm["vm_size_kb"].dump() + " kB");
  EXPECT_GT(warm["vm_size_kb"].get<std::int64_t>(), cold["vm_size_kb"].get<std::int64_t>());
  EXPECT_LT(warm["vm_size_kb"].get<std::int64_t>(),
            static_cast<std::int64_t>(BatteryLimits().address_space_bytes / 1024 / 4))
      << "a warm run keeps at least three quarters of its address space";
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmPosture, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- execve: the one place where the supervision differs ----------------------------------

// A cold run's supervisor lets the first execve through (the interpreter's own, made before
// any untrusted code exists); a warm child is forked, never executed, so its supervisor lets
// none through. From inside, both deny every execve the code makes, and count each one.
class WarmExecve : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmExecve, TheFirstExecveIsDeniedAndCountedAsCold) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  std::string problem;
  WarmSlot* slot = SlotFor(GetParam(), problem);
  ASSERT_NE(slot, nullptr) << problem;
  constexpr char kCode[] = R"(
    out["first"] = errno_of(os.execv, "/usr/bin/python3", ["python3", "-c", "1"])
    out["second"] = errno_of(os.execve, "/bin/sh", ["sh"], {})
  )";
  Result<WarmAnswer> warm =
      slot->server->Run(WarmRunRequest(slot->runtime, slot->bundle, kCode, BatteryLimits()));
  ASSERT_TRUE(warm) << warm.error().message;
  Result<SandboxResult> cold = RunSandboxed(ColdRunRequest(slot->runtime, kCode, slot->uid));
  ASSERT_TRUE(cold) << cold.error().message;
  SCOPED_TRACE("warm: " + Describe(warm->result, warm->anomaly) +
               "\ncold: " + Describe(cold.value()));
  const json expected = {{"first", EPERM}, {"second", EPERM}};
  EXPECT_EQ(OutOf(warm->result), expected);
  EXPECT_EQ(OutOf(cold.value()), expected);
  EXPECT_EQ(warm->result.denied_syscalls, (std::map<std::string, long>{{"execve", 2}}));
  EXPECT_EQ(warm->result.denied_syscalls, cold->denied_syscalls);
  EXPECT_EQ(warm->anomaly, "");
  EXPECT_TRUE(slot->server->healthy());
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmExecve, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- the seccomp program itself -----------------------------------------------------------

// The filter a run's payload runs under, read from the host with ptrace
// (PTRACE_SECCOMP_GET_FILTER needs the host's CAP_SYS_ADMIN: the test runs as root): the
// instructions of the most recent filter, and how many filters there are.
struct LoadedFilters {
  std::vector<sock_filter> newest;
  int count = 0;
  std::string error;
};

LoadedFilters ReadFilters(pid_t pid) {
  LoadedFilters filters;
  if (::ptrace(PTRACE_SEIZE, pid, nullptr, nullptr) != 0) {
    filters.error = std::string("PTRACE_SEIZE: ") + strerror(errno);
    return filters;
  }
  int status = 0;
  if (::ptrace(PTRACE_INTERRUPT, pid, nullptr, nullptr) != 0 ||
      ::waitpid(pid, &status, __WALL) != pid) {
    filters.error = std::string("PTRACE_INTERRUPT: ") + strerror(errno);
    ::ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
    return filters;
  }
  for (long index = 0; index < 8; ++index) {
    const long n =
        ::ptrace(PTRACE_SECCOMP_GET_FILTER, pid, reinterpret_cast<void*>(index), nullptr);
    if (n < 0) break;  // ENOENT past the oldest filter
    ++filters.count;
    if (index == 0) {
      filters.newest.resize(static_cast<std::size_t>(n));
      ::ptrace(PTRACE_SECCOMP_GET_FILTER, pid, nullptr, filters.newest.data());
    }
  }
  ::ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
  return filters;
}

// The one process of `uid` (a run's payload), once it exists.
pid_t PayloadOf(std::uint32_t uid) {
  for (int i = 0; i < 2400; ++i) {
    const std::vector<std::string> found = HostProcessStatesOf(uid);
    if (found.size() == 1 && found[0].find(" S ") != std::string::npos) {
      return static_cast<pid_t>(std::stol(found[0]));
    }
    ::usleep(25'000);
  }
  return -1;
}

class WarmSeccomp : public ::testing::TestWithParam<std::string> {};

// The same program, instruction for instruction, and nothing stacked: a warm child installs
// the filter the helper compiled (warm_server.cc sends it to the zygote), as a cold payload
// installs its own helper's.
TEST_P(WarmSeccomp, TheRunsFilterIsTheColdOne) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  std::string problem;
  WarmSlot* slot = SlotFor(GetParam(), problem);
  ASSERT_NE(slot, nullptr) << problem;
  ASSERT_EQ(WaitForNoProcessesOf(slot->uid), 0);
  // The run waits (sleeping) until the test creates the release file in its bundle folder.
  const std::filesystem::path bundle = slot->spool->Stage("seccomp");
  const std::filesystem::path release = bundle / "release";
  constexpr char kCode[] = R"(
    import time
    while not os.path.exists("/pocsift/bundle/release"):
        time.sleep(0.02)
    out["released"] = True
  )";
  auto filter_of = [&](auto run) {
    std::error_code ec;
    std::filesystem::remove(release, ec);
    std::thread runner(run);
    const pid_t payload = PayloadOf(slot->uid);
    LoadedFilters filters;
    if (payload > 0) {
      filters = ReadFilters(payload);
    } else {
      filters.error = "the run's payload never appeared";
    }
    std::ofstream(release) << "go\n";
    runner.join();
    return filters;
  };
  Result<WarmAnswer> warm_answer = Internal("not run");
  const LoadedFilters warm = filter_of([&] {
    warm_answer = slot->server->Run(WarmRunRequest(slot->runtime, bundle, kCode, BatteryLimits()));
  });
  SandboxRequest cold_request = ColdRunRequest(slot->runtime, kCode, slot->uid);
  cold_request.bundle = bundle;
  Result<SandboxResult> cold_result = Internal("not run");
  const LoadedFilters cold = filter_of([&] { cold_result = RunSandboxed(cold_request); });

  ASSERT_TRUE(warm_answer) << warm_answer.error().message;
  ASSERT_TRUE(cold_result) << cold_result.error().message;
  EXPECT_EQ(OutOf(warm_answer->result), json({{"released", true}}))
      << Describe(warm_answer->result, warm_answer->anomaly);
  EXPECT_EQ(OutOf(cold_result.value()), json({{"released", true}}))
      << Describe(cold_result.value());
  ASSERT_EQ(warm.error, "");
  ASSERT_EQ(cold.error, "");
  EXPECT_EQ(warm.count, 1) << "a warm payload runs under exactly one filter";
  EXPECT_EQ(cold.count, 1);
  ASSERT_FALSE(cold.newest.empty());
  ASSERT_EQ(warm.newest.size(), cold.newest.size()) << "the programs' lengths differ";
  EXPECT_EQ(
      std::memcmp(warm.newest.data(), cold.newest.data(), cold.newest.size() * sizeof(sock_filter)),
      0)
      << "the warm run's seccomp program is not the cold one";
  EXPECT_EQ(WaitForNoProcessesOf(slot->uid), 0);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmSeccomp, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- a killed run's end ----------------------------------------------------------------

// A run the supervisor kills must be gone, its whole PID namespace, when the server reports
// its end, as a cold run's is once the helper has reaped its init (init's exit waits for its
// namespace to empty). The server starts its next run right after that report, and the next
// run shares the server's user namespace (RLIMIT_NPROC counts tasks per user namespace and
// uid: docs/warm-runs.md keeps the count per run by running one run at a time) and network
// namespace (abstract AF_UNIX names) with whatever is left of the killed one.
class WarmKill : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmKill, AKilledRunIsGoneWhenTheServerAnswers) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  std::string problem;
  WarmSlot* slot = SlotFor(GetParam(), problem);
  ASSERT_NE(slot, nullptr) << problem;
  ASSERT_EQ(WaitForNoProcessesOf(slot->uid), 0);
  // Busy threads, so that the run is running (not only sleeping) when it is killed.
  constexpr char kCode[] = R"(
    import threading, time
    def spin():
        while True:
            pass
    for _ in range(4):
        threading.Thread(target=spin, daemon=True).start()
    time.sleep(600)
  )";
  SandboxLimits limits = BatteryLimits();
  limits.wall_ms = 1000;
  // A leftover shows only when the kernel schedules the teardown behind the answer's way to
  // the test (before the zygote reaped the run's init, about one kill in five here showed
  // one): several kills, each checked at once.
  std::vector<std::string> seen;
  for (int attempt = 0; attempt < 5; ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt + 1));
    Result<WarmAnswer> answer =
        slot->server->Run(WarmRunRequest(slot->runtime, slot->bundle, kCode, limits));
    ASSERT_TRUE(answer) << answer.error().message;
    const std::vector<std::string> left = HostProcessStatesOf(slot->uid);
    for (const std::string& process : left) {
      seen.push_back("attempt " + std::to_string(attempt + 1) + ": " + process);
    }
    ASSERT_EQ(answer->result.status, RunStatus::kTimeout) << Describe(answer->result);
    EXPECT_EQ(answer->anomaly, "");
    ASSERT_TRUE(slot->server->healthy());
    ASSERT_EQ(WaitForNoProcessesOf(slot->uid), 0);
  }
  EXPECT_TRUE(seen.empty())
      << "when the server reported a killed run's end, a process of the run was still there: "
      << json(seen).dump()
      << ". The server must kill the run's init B too and report only once B, whose reaping "
         "waits for its PID namespace to empty, is reaped (fixtures/harness/zygote.py).";
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmKill, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- teardown -----------------------------------------------------------------------------

// The engine dying mid-run (SIGKILL: no handler runs) takes the server, its zygote and the
// run with it: the helper has PR_SET_PDEATHSIG, the server's init too, and each run's root
// kills its namespace when it dies.
class WarmTeardown : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmTeardown, KillingTheEngineMidRunLeavesNoProcess) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  const auto runtime = RuntimeForPython(GetParam());
  ASSERT_TRUE(runtime);
  Spool spool;
  const auto bundle = spool.Stage("sleeper");
  const std::uint32_t uid = WarmHostUid(1);  // not the battery's server's
  ASSERT_EQ(WaitForNoProcessesOf(uid), 0);
  const pid_t engine = ::fork();
  ASSERT_GE(engine, 0);
  if (engine == 0) {
    auto server = StartWarmServer(*runtime, spool.path(), uid);
    if (server) {
      (void)server.value()->Run(
          WarmRunRequest(*runtime, bundle, "import time\ntime.sleep(600)\n", BatteryLimits()));
    }
    ::_exit(0);
  }
  for (int i = 0; i < 2400 && HostProcessesOf(uid) == 0; ++i) ::usleep(25'000);
  EXPECT_GT(HostProcessesOf(uid), 0) << "the warm run never started";
  EXPECT_GT(HostProcessesOf(uid + 1), 0) << "no server process";
  ::kill(engine, SIGKILL);
  ::waitpid(engine, nullptr, 0);
  EXPECT_EQ(WaitForNoProcessesOf(uid), 0) << "the run survived the engine";
  EXPECT_EQ(WaitForNoProcessesOf(uid + 1), 0) << "the server survived the engine";
}

// Destroying the handle (what the pool does to recycle a server) kills the whole tree.
TEST_P(WarmTeardown, DestroyingTheServerLeavesNoProcess) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  const auto runtime = RuntimeForPython(GetParam());
  ASSERT_TRUE(runtime);
  Spool spool;
  const auto bundle = spool.Stage("once");
  const std::uint32_t uid = WarmHostUid(1);  // not the battery's server's
  auto server = StartWarmServer(*runtime, spool.path(), uid);
  ASSERT_TRUE(server) << server.error().message;
  Result<WarmAnswer> answer =
      server.value()->Run(WarmRunRequest(*runtime, bundle, "out['ok'] = True\n", BatteryLimits()));
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ(OutOf(answer->result), json({{"ok", true}})) << Describe(answer->result);
  EXPECT_GT(HostProcessesOf(uid + 1), 0) << "the server is gone already";
  server.value().reset();
  EXPECT_EQ(WaitForNoProcessesOf(uid), 0);
  EXPECT_EQ(WaitForNoProcessesOf(uid + 1), 0) << "the server outlived its handle";
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmTeardown, ::testing::Values("3.11", "3.13"), RuntimeName);

// --- limits above the server's own ------------------------------------------------------

// A warm child drops its capabilities before it sets the run's rlimits (confine.py
// become_payload), so it can lower the server's limits but never raise them: a run asking
// for more than its server's own bounds (the server request's limits; the engine's pool
// starts servers with the defaults of sandbox/limits.h) fails closed in its set-up, which the
// server reports as an anomaly (the pool then runs it cold), where a cold run simply gets
// them.
class WarmLimits : public ::testing::TestWithParam<std::string> {};

TEST_P(WarmLimits, ARunAskingMoreThanTheServersBoundsFailsClosed) {
  SKIP_WITHOUT_WARM_RUNTIMES();
  std::string problem;
  WarmSlot* slot = SlotFor(GetParam(), problem);
  ASSERT_NE(slot, nullptr) << problem;
  SandboxLimits limits = BatteryLimits();
  limits.address_space_bytes = SandboxLimits().address_space_bytes * 2;
  constexpr char kCode[] = R"(
    import resource
    out["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
  )";
  Result<WarmAnswer> warm =
      slot->server->Run(WarmRunRequest(slot->runtime, slot->bundle, kCode, limits));
  ASSERT_TRUE(warm) << warm.error().message;
  SCOPED_TRACE(Describe(warm->result, warm->anomaly));
  EXPECT_EQ(warm->result.status, RunStatus::kFailed);
  EXPECT_NE(warm->result.failure_reason.find("sandbox set-up failed: warm child: ValueError"),
            std::string::npos);
  EXPECT_TRUE(warm->result.frames.empty()) << "no code of the run ran";
  EXPECT_NE(warm->anomaly, "");
  EXPECT_FALSE(slot->server->healthy());
  EXPECT_EQ(WaitForNoProcessesOf(slot->uid), 0);

  SandboxRequest cold_request = ColdRunRequest(slot->runtime, kCode, slot->uid);
  cold_request.limits = limits;
  Result<SandboxResult> cold = RunSandboxed(cold_request);
  ASSERT_TRUE(cold) << cold.error().message;
  EXPECT_EQ(OutOf(cold.value()), json({{"as", limits.address_space_bytes}}))
      << Describe(cold.value());
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmLimits, ::testing::Values("3.11", "3.13"), RuntimeName);

}  // namespace
}  // namespace pocsift::sandbox::testing
