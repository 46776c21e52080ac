// Isolation between warm runs (issue 9): a "polluter" run tries to leave something behind
// (module state, files, environment, IPC objects, descriptors, a thread, its bundle, the
// random generator's state, the server itself), then a "probe" run on the SAME fork server
// must find nothing of it: it observes exactly what a probe run before any polluter observed
// (the baseline), and each specific trace is asserted absent with its own message.
//
// Every polluter first proves that it did pollute its own process (so that a clean probe
// means isolation, not a polluter that failed). One server per runtime for the whole process;
// the test asserts it is the same server (same handle, healthy, its run count going up) for
// each polluter/probe pair.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "sandbox/launcher.h"
#include "tests/sandbox/battery.h"
#include "tests/sandbox/runtime_cache.h"
#include "tests/sandbox/sandbox_run.h"
#include "tests/sandbox/warm_support.h"

namespace pocsift::sandbox::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// What a run can observe of what came before it. Keys in kRandomKeys differ from run to run
// by design; every other key must equal the baseline's.
constexpr char kProbeCode[] = R"(
  import builtins, ctypes, random, socket, tempfile, threading, uuid
  import django, django.http
  from django.utils import html
  from django.conf import settings
  from django.template import Context, Engine

  # Module state.
  out["escape"] = html.escape("<b>")
  out["escape_doc"] = (html.escape.__doc__ or "")[:40]
  out["escape_is_djangos"] = [html.escape.__module__, html.escape.__qualname__]
  out["polluted_modules"] = sorted(m for m in sys.modules if "pollut" in m)
  out["polluted_builtins"] = sorted(n for n in dir(builtins) if "pollut" in n)
  out["status_code"] = django.http.HttpResponse.status_code
  out["debug"] = settings.DEBUG
  out["sys_path"] = list(sys.path)
  # Django still works: templates escape, responses build.
  out["template"] = Engine().from_string("{{ x }}|{{ x|upper }}").render(Context({"x": "<i>"}))
  response = django.http.HttpResponse("<x>")
  out["response"] = [response.status_code, response.content.decode(), response["Content-Type"]]
  out["django"] = django.get_version()

  # Files.
  def walk(top):
      found = []
      for root, dirs, files in os.walk(top):
          found += [os.path.join(root, n) for n in dirs + files]
      return sorted(found)
  out["work"] = walk("/pocsift/work")
  out["tmp"] = walk("/tmp")
  st = os.statvfs("/pocsift/work")
  out["tmpfs_free"] = [st.f_bfree * st.f_frsize, st.f_ffree]

  # Environment.
  # The server's own key (random per server, never a run's) is replaced by its length, so
  # that probes on successive servers compare.
  environ = dict(os.environ)
  if "POCSIFT_SECRET_KEY" in environ:
      environ["POCSIFT_SECRET_KEY"] = "<%d characters>" % len(environ["POCSIFT_SECRET_KEY"])
  out["environ"] = environ

  # IPC: System V objects (per IPC namespace), POSIX shared memory and queues, and abstract
  # AF_UNIX names (per network namespace: the server's, shared by its runs).
  out["sysvipc"] = {n: len(open("/proc/sysvipc/" + n).readlines()) for n in ("shm", "sem", "msg")}
  out["dev_shm"] = errno_of(os.listdir, "/dev/shm")
  out["dev_mqueue"] = errno_of(os.listdir, "/dev/mqueue")
  def connect(name):
      s = socket.socket(socket.AF_UNIX)
      try:
          s.connect(name)
          return 0
      except OSError as e:
          return e.errno
      finally:
          s.close()
  out["abstract_polluter"] = connect("\0pocsift-polluter")
  out["unix_path_polluter"] = connect("/tmp/pocsift-polluter.sock")

  # Descriptors, threads, tasks, shared memory.
  out["other_fds"] = [fd for fd in range(3, 1024) if errno_of(os.fstat, fd) == 0]
  out["threads"] = threading.active_count()
  out["tasks"] = len(os.listdir("/proc/self/task"))
  out["shared_writable_maps"] = [l.split(None, 5)[-1].strip() for l in open("/proc/self/maps")
                                 if l.split()[1][1] == "w" and l.split()[1][3] == "s"]
  started = []
  threading.stack_size(256 << 10)
  for _ in range(8):
      t = threading.Thread(target=lambda: None)
      t.start()
      started.append(t)
  for t in started:
      t.join()
  out["can_start_threads"] = len(started)

  # Bundles: only this run's.
  out["bundle"] = sorted(os.listdir("/pocsift/bundle"))
  out["marker"] = open("/pocsift/bundle/probe_marker").read()
  out["polluter_marker"] = errno_of(open, "/pocsift/bundle/polluter_marker")
  out["sibling"] = errno_of(open, "/pocsift/bundle/../polluter/polluter_marker")

  # Identity of the run.
  out["hostname"] = socket.gethostname()
  out["pids"] = [os.getpid(), os.getppid()]
  out["ids"] = [os.getuid(), os.getgid()]

  # Randomness (kRandomKeys) and the address-space layout.
  out["random"] = [random.random(), random.getrandbits(64)]
  out["urandom"] = os.urandom(16).hex()
  out["uuid4"] = uuid.uuid4().hex
  out["tempname"] = next(tempfile._get_candidate_names())
  out["none_address"] = id(None)
)";

const std::set<std::string>& RandomKeys() {
  static const std::set<std::string> keys = {"random", "urandom", "uuid4", "tempname"};
  return keys;
}

// Keys that are the same for every run of one server, but differ from server to server.
const std::set<std::string>& PerServerKeys() {
  static const std::set<std::string> keys = {"none_address"};
  return keys;
}


struct Slot {
  TestRuntime runtime;
  std::uint32_t uid = 0;  // the sandbox user's host uid; the server's root is uid + 1
  std::unique_ptr<Spool> spool;
  fs::path polluter, probe;
  std::unique_ptr<WarmServer> server;
  json baseline;  // the probe's observations before any polluter ran on any server
};

Slot* SlotFor(const std::string& python, std::string& problem) {
  static std::map<std::string, std::unique_ptr<Slot>> slots;
  auto& slot = slots[python];
  if (!slot) {
    const auto runtime = RuntimeForPython(python);
    if (!runtime) {
      problem = "the runtimes cache has no Python " + python + " runtime";
      slots.erase(python);
      return nullptr;
    }
    slot = std::make_unique<Slot>();
    slot->runtime = *runtime;
    slot->uid = WarmHostUid(python == "3.11" ? 0 : 2);
    slot->spool = std::make_unique<Spool>();
    slot->probe = slot->spool->Stage("probe", {{"probe_marker", "probe\n"}});
    slot->polluter = slot->spool->Stage("polluter", {{"polluter_marker", "polluter\n"}});
    // Links from the polluter's bundle to the probe's: relative, and by the host path.
    fs::create_symlink("../probe/probe_marker", slot->polluter / "to_probe");
    fs::create_symlink(slot->probe / "probe_marker", slot->polluter / "to_probe_abs");
  }
  if (slot->server && !slot->server->healthy()) {
    slot->server.reset();
    if (const int left = WaitForNoProcessesOf(slot->uid + 1); left != 0) {
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

// "py311" for "3.11".
std::string RuntimeName(const ::testing::TestParamInfo<std::string>& param) {
  return param.param == "3.11" ? std::string("py311") : std::string("py313");
}

class WarmIsolation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    if (WarmRunsUnavailable(why)) GTEST_SKIP() << why;
    std::string problem;
    slot_ = SlotFor(GetParam(), problem);
    ASSERT_NE(slot_, nullptr) << problem;
    if (slot_->baseline.is_null()) {
      auto first = Run(slot_->probe, kProbeCode);
      ASSERT_TRUE(first) << "the baseline probe could not run";
      slot_->baseline = *first;
    }
  }

  // One run on the slot's server; its "out", or nullopt after a failed assertion. The
  // answer is kept in last_.
  std::optional<json> Run(const fs::path& bundle, const std::string& code,
                          SandboxLimits limits = BatteryLimits(), bool expect_ok = true) {
    Result<WarmAnswer> answer =
        slot_->server->Run(WarmRunRequest(slot_->runtime, bundle, code, limits));
    EXPECT_TRUE(answer) << (answer ? std::string() : answer.error().message);
    if (!answer) return std::nullopt;
    last_ = std::move(answer).value();
    if (expect_ok) {
      EXPECT_EQ(last_.result.status, RunStatus::kOk) << Describe(last_.result, last_.anomaly);
      EXPECT_EQ(last_.anomaly, "") << Describe(last_.result, last_.anomaly);
      if (last_.result.status != RunStatus::kOk) return std::nullopt;
      EXPECT_FALSE(last_.result.frames.back().contains("exception"))
          << Describe(last_.result, last_.anomaly);
      // A run that ends by itself has ended entirely before the server answers.
      EXPECT_EQ(HostProcessesOf(slot_->uid), 0) << "a process of the run outlived it";
    }
    const json out = OutOf(last_.result);
    if (!out.is_object()) return std::nullopt;
    return out;
  }

  // The polluter, then the probe, on one server; the probe's observations.
  json PolluteThenProbe(const std::string& polluter_code, const json& polluted,
                        SandboxLimits limits = BatteryLimits()) {
    WarmServer* server = slot_->server.get();
    const int runs = server->runs();
    auto dirty = Run(slot_->polluter, polluter_code, limits);
    if (!dirty) return json();
    SCOPED_TRACE("polluter: " + dirty->dump());
    // The polluter polluted its own process: the probe's findings mean something.
    for (const auto& [key, value] : polluted.items()) {
      EXPECT_EQ(dirty->value(key, json()), value) << "the polluter's own out[\"" << key << "\"]";
    }
    polluter_denied_ = last_.result.denied_syscalls;
    EXPECT_TRUE(server->healthy()) << "the polluter broke the server";
    auto probe = Run(slot_->probe, kProbeCode);
    EXPECT_EQ(slot_->server.get(), server) << "the probe must run on the polluter's server";
    EXPECT_EQ(server->runs(), runs + 2);
    EXPECT_TRUE(server->healthy());
    if (!probe) return json();
    EXPECT_TRUE(last_.result.denied_syscalls.empty())
        << "the probe is not hostile: " << json(last_.result.denied_syscalls).dump();
    return *probe;
  }

  // Every observation but the random ones equals the baseline's.
  void ExpectBaseline(const json& probe) {
    ASSERT_TRUE(probe.is_object());
    for (const auto& [key, value] : slot_->baseline.items()) {
      if (RandomKeys().count(key) || PerServerKeys().count(key)) continue;
      EXPECT_EQ(probe.value(key, json()), value)
          << "out[\"" << key << "\"] differs from what a probe saw before any polluter";
    }
  }

  Slot* slot_ = nullptr;
  WarmAnswer last_;
  std::map<std::string, std::int64_t> polluter_denied_;
};

// The baseline itself: what a clean warm run sees.
TEST_P(WarmIsolation, BaselineIsClean) {
  const json& b = slot_->baseline;
  SCOPED_TRACE(b.dump());
  EXPECT_EQ(b["escape"], "&lt;b&gt;");
  EXPECT_EQ(b["escape_is_djangos"], json({"django.utils.html", "escape"}));
  EXPECT_EQ(b["polluted_modules"], json::array());
  EXPECT_EQ(b["polluted_builtins"], json::array());
  EXPECT_EQ(b["status_code"], 200);
  EXPECT_EQ(b["debug"], false);
  EXPECT_EQ(b["template"], "&lt;i&gt;|&lt;I&gt;");
  EXPECT_EQ(b["response"], json({200, "<x>", "text/html; charset=utf-8"}));
  EXPECT_EQ(b["work"], json({"/pocsift/work/tmp"}));
  EXPECT_EQ(b["tmp"], json::array());
  EXPECT_EQ(b["tmpfs_free"], json({BatteryLimits().tmpfs_bytes, BatteryLimits().tmpfs_inodes - 2}))
      << "a fresh tmpfs: only the root and /tmp use inodes";
  EXPECT_EQ(b["sysvipc"], json({{"msg", 1}, {"sem", 1}, {"shm", 1}})) << "headers only";
  EXPECT_EQ(b["dev_shm"], ENOENT);
  EXPECT_EQ(b["dev_mqueue"], ENOENT);
  EXPECT_EQ(b["abstract_polluter"], ECONNREFUSED);
  EXPECT_EQ(b["unix_path_polluter"], ENOENT);
  EXPECT_EQ(b["other_fds"], json::array());
  EXPECT_EQ(b["threads"], 1);
  EXPECT_EQ(b["tasks"], 1);
  EXPECT_EQ(b["shared_writable_maps"], json::array());
  EXPECT_EQ(b["can_start_threads"], 8);
  EXPECT_EQ(b["bundle"], json({"battery_run.py", "probe_marker"}));
  EXPECT_EQ(b["marker"], "probe\n");
  EXPECT_EQ(b["polluter_marker"], ENOENT);
  EXPECT_EQ(b["sibling"], ENOENT);
  EXPECT_EQ(b["hostname"], "pocsift");
  EXPECT_EQ(b["pids"], json({2, 1}));
  EXPECT_EQ(b["ids"], json({1000, 1000}));
}

TEST_P(WarmIsolation, ModuleMonkeyPatchingDoesNotReachTheNextRun) {
  constexpr char kPolluter[] = R"(
    import builtins, ctypes, types
    import django.http
    from django.utils import html
    from django.conf import settings
    html.escape = lambda text: "PWNED"
    sys.modules["pocsift_polluted"] = types.ModuleType("pocsift_polluted")
    sys.modules["django.pocsift_polluted"] = sys.modules["pocsift_polluted"]
    builtins.pocsift_polluted = True
    django.http.HttpResponse.status_code = 599
    settings.DEBUG = True
    sys.path.insert(0, "/pocsift/work/polluted")
    # In place, through memory: the bytes of a str object the server created and froze
    # (gc.freeze) before forking; a fork's pages are copied on write, never shared.
    import django.utils.text
    victim = django.utils.text.capfirst.__doc__
    data = id(victim) + sys.getsizeof(victim) - len(victim) - 1
    ctypes.memmove(data, b"PWNED!", 6)
    out["victim"] = django.utils.text.capfirst.__doc__[:6]
    out["escape"] = html.escape("<b>")
    out["status_code"] = django.http.HttpResponse.status_code
  )";
  const json probe = PolluteThenProbe(
      kPolluter, {{"victim", "PWNED!"}, {"escape", "PWNED"}, {"status_code", 599}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["escape"], "&lt;b&gt;") << "django.utils.html.escape was replaced";
  EXPECT_EQ(probe["escape_is_djangos"], json({"django.utils.html", "escape"}));
  EXPECT_EQ(probe["polluted_modules"], json::array()) << "a sys.modules entry survived";
  EXPECT_EQ(probe["polluted_builtins"], json::array()) << "a builtins attribute survived";
  EXPECT_EQ(probe["status_code"], 200) << "a class attribute survived";
  EXPECT_EQ(probe["debug"], false) << "a settings change survived";
  EXPECT_EQ(probe["template"], "&lt;i&gt;|&lt;I&gt;");
  // The str the polluter overwrote in memory, seen by the next run.
  constexpr char kVictim[] = R"(
    import django.utils.text
    out["victim"] = django.utils.text.capfirst.__doc__[:6]
  )";
  auto victim = Run(slot_->probe, kVictim);
  ASSERT_TRUE(victim);
  EXPECT_NE((*victim)["victim"], "PWNED!") << "memory written by a run reached the next";
}

TEST_P(WarmIsolation, FilesDoNotReachTheNextRun) {
  constexpr char kPolluter[] = R"(
    os.makedirs("/pocsift/work/polluted/deep")
    open("/pocsift/work/polluted/deep/file", "w").write("x")
    open("/pocsift/work/.polluted", "w").write("x")
    open("/tmp/polluted", "w").write("x")
    os.symlink("/pocsift/bundle", "/tmp/polluted-link")
    with open("/pocsift/work/polluted-big", "wb") as f:
        f.write(b"x" * (4 << 20))
    out["tmp"] = sorted(os.listdir("/tmp"))
    out["shm"] = errno_of(open, "/dev/shm/polluted", "w")
  )";
  const json probe =
      PolluteThenProbe(kPolluter, {{"tmp", {"polluted", "polluted-link"}}, {"shm", ENOENT}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["work"], json({"/pocsift/work/tmp"})) << "files in /pocsift/work survived";
  EXPECT_EQ(probe["tmp"], json::array()) << "files in /tmp survived";
  EXPECT_EQ(probe["tmpfs_free"], slot_->baseline["tmpfs_free"]) << "the tmpfs is not fresh";
}

TEST_P(WarmIsolation, EnvironmentChangesDoNotReachTheNextRun) {
  constexpr char kPolluter[] = R"(
    os.environ["POCSIFT_POLLUTED"] = "1"
    os.environ["PATH"] = "/pocsift/work/evil"
    os.environ["DJANGO_SETTINGS_MODULE"] = "polluted.settings"
    del os.environ["HOME"]
    os.putenv("POLLUTED_BY_PUTENV", "1")
    out["environ"] = [os.environ.get("POCSIFT_POLLUTED"), os.environ.get("PATH"),
                      "HOME" in os.environ]
  )";
  const json probe = PolluteThenProbe(kPolluter, {{"environ", {"1", "/pocsift/work/evil", false}}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  const json& environ = probe["environ"];
  EXPECT_FALSE(environ.contains("POCSIFT_POLLUTED")) << "an added variable survived";
  EXPECT_FALSE(environ.contains("POLLUTED_BY_PUTENV")) << "a putenv survived";
  EXPECT_EQ(environ.value("PATH", ""), "/usr/bin:/bin") << "a changed variable survived";
  EXPECT_EQ(environ.value("HOME", ""), "/pocsift/work") << "a removed variable stayed removed";
  EXPECT_EQ(environ.value("DJANGO_SETTINGS_MODULE", ""), "pocsift_project.settings");
}

TEST_P(WarmIsolation, IpcObjectsCannotBeCreatedNorReachTheNextRun) {
  // The policy allows no System V IPC nor POSIX message queue, and /dev has no shm: every
  // attempt is denied and counted. What the policy allows, an AF_UNIX socket bound to an
  // abstract name or a path, lives in the server's network namespace (abstract) or the run's
  // tmpfs (path): either is gone with the run.
  constexpr char kPolluter[] = R"(
    import ctypes, socket
    IPC_CREAT = 0o1000
    out["shmget"] = syscall_errno(29, 0x5eed, 4096, IPC_CREAT | 0o666)
    out["semget"] = syscall_errno(64, 0x5eed, 1, IPC_CREAT | 0o666)
    out["msgget"] = syscall_errno(68, 0x5eed, IPC_CREAT | 0o666)
    out["mq_open"] = syscall_errno(240, ctypes.c_char_p(b"polluted"), os.O_CREAT | os.O_RDWR,
                                   0o666, None)
    out["shm_file"] = errno_of(open, "/dev/shm/polluted", "w")
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind("\0pocsift-polluter")
    abstract.listen(8)
    path = socket.socket(socket.AF_UNIX)
    path.bind("/tmp/pocsift-polluter.sock")
    path.listen(8)
    probe = socket.socket(socket.AF_UNIX)
    probe.connect("\0pocsift-polluter")
    out["abstract_reachable_in_run"] = True
    os.set_inheritable(abstract.fileno(), True)
  )";
  const json probe = PolluteThenProbe(kPolluter, {{"shmget", EPERM},
                                                  {"semget", EPERM},
                                                  {"msgget", EPERM},
                                                  {"mq_open", EPERM},
                                                  {"shm_file", ENOENT},
                                                  {"abstract_reachable_in_run", true}});
  SCOPED_TRACE(probe.dump());
  for (const char* call : {"shmget", "semget", "msgget", "mq_open"}) {
    EXPECT_GE(polluter_denied_[call], 1) << call << " was not denied and counted";
  }
  ExpectBaseline(probe);
  EXPECT_EQ(probe["sysvipc"], slot_->baseline["sysvipc"]) << "a System V object survived";
  EXPECT_EQ(probe["abstract_polluter"], ECONNREFUSED) << "an abstract socket survived its run";
  EXPECT_EQ(probe["unix_path_polluter"], ENOENT) << "a socket file survived its run";
}

TEST_P(WarmIsolation, OpenDescriptorsDoNotReachTheNextRun) {
  constexpr char kPolluter[] = R"(
    import socket
    kept = [os.open("/pocsift/bundle/battery_run.py", os.O_RDONLY), *os.pipe(),
            *[s.detach() for s in socket.socketpair()], os.dup2(1, 60),
            os.open("/pocsift/work", os.O_RDONLY | os.O_DIRECTORY)]
    for fd in kept:
        os.set_inheritable(fd, True)
    out["fds"] = len([fd for fd in range(3, 1024) if errno_of(os.fstat, fd) == 0])
  )";
  const json probe = PolluteThenProbe(kPolluter, {{"fds", 7}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["other_fds"], json::array()) << "a descriptor survived its run";
}

TEST_P(WarmIsolation, AThreadLeftRunningNeverActsAfterItsRun) {
  // The polluter's thread keeps writing files and connecting to the name the probe listens
  // on; it is not a daemon. The probe listens for a while: nothing may ever arrive.
  constexpr char kPolluter[] = R"(
    import socket, threading, time
    def late():
        n = 0
        while True:
            n += 1
            try:
                open("/pocsift/work/late%d" % n, "w").close()
            except OSError:
                pass
            try:
                c = socket.socket(socket.AF_UNIX)
                c.connect("\0pocsift-probe-listens")
                c.sendall(b"late %d" % n)
                c.close()
            except OSError:
                pass
            time.sleep(0.005)
    threading.Thread(target=late).start()
    time.sleep(0.05)
    out["threads"] = threading.active_count()
  )";
  const json probe = PolluteThenProbe(kPolluter, {{"threads", 2}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["threads"], 1) << "the polluter's thread is in the probe";
  EXPECT_EQ(probe["tasks"], 1);
  EXPECT_EQ(probe["work"], json({"/pocsift/work/tmp"})) << "the polluter's thread wrote here";
  constexpr char kListener[] = R"(
    import select, socket
    s = socket.socket(socket.AF_UNIX)
    s.bind("\0pocsift-probe-listens")
    s.listen(64)
    got = []
    for _ in range(10):
        if select.select([s], [], [], 0.1)[0]:
            c, _ = s.accept()
            got.append(c.recv(64).decode())
    out["late_messages"] = got
    out["late_files"] = sorted(n for n in os.listdir("/pocsift/work") if n.startswith("late"))
  )";
  auto listener = Run(slot_->probe, kListener);
  ASSERT_TRUE(listener);
  EXPECT_EQ((*listener)["late_messages"], json::array())
      << "the polluter's thread reached a later run";
  EXPECT_EQ((*listener)["late_files"], json::array());
}

// A run whose main thread ends (SYS_exit, not exit_group) while another thread runs on does
// not end: it is killed at the deadline with its whole PID namespace, as a cold run is (a
// timed-out run, not an anomaly: the server goes on), and nothing of it reaches the next
// run: the next run on the same server listens on the name the killed run's thread keeps
// connecting to, and starts as many threads as its own limit allows (RLIMIT_NPROC counts
// the tasks of uid 1000 in the server's user namespace, shared by its runs).
TEST_P(WarmIsolation, AThreadOutlivingItsMainThreadIsKilledAndNeverReachesTheNextRun) {
  constexpr char kPolluter[] = R"(
    import ctypes, socket, threading, time
    def forever():
        while True:
            try:
                c = socket.socket(socket.AF_UNIX)
                c.connect("\0pocsift-after-kill")
                c.sendall(b"after kill")
                c.close()
            except OSError:
                pass
    threading.stack_size(256 << 10)  # RLIMIT_NPROC, not RLIMIT_AS, is what bounds them
    for _ in range(30):
        threading.Thread(target=forever, daemon=True).start()
    emit({"out": {"main_exits": True, "threads": threading.active_count()}})
    ctypes.CDLL(None).syscall(60, 0)  # exit: this thread only
  )";
  constexpr char kNext[] = R"(
    import select, socket, threading, time
    s = socket.socket(socket.AF_UNIX)
    s.bind("\0pocsift-after-kill")
    s.listen(64)
    got = []
    threads = []
    threading.stack_size(256 << 10)
    try:
        for _ in range(BatteryLimitsTasks):
            t = threading.Thread(target=time.sleep, args=(0.3,))
            t.start()
            threads.append(t)
    except RuntimeError:
        pass
    out["threads_started"] = len(threads)
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        if select.select([s], [], [], 0.05)[0]:
            c, _ = s.accept()
            got.append(c.recv(64).decode())
    out["messages"] = got
  )";
  SandboxLimits limits = BatteryLimits();
  limits.wall_ms = 2000;
  // Room for 31 threads and their allocator arenas: RLIMIT_NPROC must be what binds.
  limits.address_space_bytes = 1ull << 30;  // the server's own (default) bound
  WarmServer* server = slot_->server.get();
  auto dirty = Run(slot_->polluter, kPolluter, limits, /*expect_ok=*/false);
  ASSERT_TRUE(dirty) << Describe(last_.result, last_.anomaly);
  {
    SCOPED_TRACE(Describe(last_.result, last_.anomaly));
    EXPECT_EQ((*dirty)["main_exits"], true);
    EXPECT_EQ((*dirty)["threads"], 31);
    EXPECT_EQ(last_.result.status, RunStatus::kTimeout);
    EXPECT_NE(last_.result.failure_reason.find("wall-clock deadline of 2000 ms exceeded"),
              std::string::npos);
    EXPECT_EQ(last_.anomaly, "") << "a run killed at its deadline is no anomaly";
    EXPECT_TRUE(server->healthy());
  }
  // At once, on the same server. The run's own limit is 32 tasks: its main thread and 31.
  std::string next = kNext;
  const std::string tasks = std::to_string(BatteryLimits().max_tasks - 1);
  next.replace(next.find("BatteryLimitsTasks"), std::string("BatteryLimitsTasks").size(), tasks);
  SandboxLimits next_limits = BatteryLimits();
  next_limits.address_space_bytes = limits.address_space_bytes;
  auto after = Run(slot_->probe, next, next_limits);
  ASSERT_TRUE(after);
  EXPECT_EQ(slot_->server.get(), server);
  EXPECT_EQ((*after)["messages"], json::array()) << "the killed run reached the next run";
  EXPECT_EQ((*after)["threads_started"], BatteryLimits().max_tasks - 1)
      << "the killed run's threads counted against the next run's RLIMIT_NPROC";
  EXPECT_EQ(WaitForNoProcessesOf(slot_->uid), 0);
  auto probe = Run(slot_->probe, kProbeCode);
  ASSERT_TRUE(probe);
  ExpectBaseline(*probe);
}

TEST_P(WarmIsolation, ThePolluterSeesOnlyItsOwnBundle) {
  constexpr char kPolluter[] = R"(
    out["bundle"] = sorted(os.listdir("/pocsift/bundle"))
    out["pocsift"] = sorted(os.listdir("/pocsift"))
    out["sibling"] = errno_of(open, "/pocsift/bundle/../probe/probe_marker")
    out["link"] = errno_of(lambda: open("/pocsift/bundle/to_probe").read())
    out["abs_link"] = errno_of(lambda: open("/pocsift/bundle/to_probe_abs").read())
    # The spool's host path is in mountinfo (a documented limit): it leads nowhere.
    roots = [l.split()[3] for l in open("/proc/self/mountinfo") if l.split()[4] == "/pocsift/bundle"]
    out["bundle_mounts"] = len(roots)
    reach = set()
    for root in roots:
        spool = os.path.dirname(root.rstrip("/")) or "/"
        reach.add(errno_of(open, os.path.join(spool, "probe", "probe_marker")))
        reach.add(errno_of(open, os.path.join(root, "..", "probe", "probe_marker")))
    out["spool_reach"] = sorted(reach)
    out["proc_root"] = errno_of(os.listdir, "/proc/1/root/pocsift/bundle")
    out["proc_cwd"] = errno_of(os.listdir, "/proc/1/cwd")
  )";
  const json probe = PolluteThenProbe(
      kPolluter, {{"bundle", {"battery_run.py", "polluter_marker", "to_probe", "to_probe_abs"}},
                  {"sibling", ENOENT},
                  {"link", ENOENT},
                  {"abs_link", ENOENT},
                  {"bundle_mounts", 2},  // the spool's (covered) and the run's bundle
                  {"spool_reach", {ENOENT}},
                  {"proc_root", EACCES},
                  {"proc_cwd", EACCES}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["bundle"], json({"battery_run.py", "probe_marker"}))
      << "/pocsift/bundle lists more than the probe's own files";
  EXPECT_EQ(probe["polluter_marker"], ENOENT);
  EXPECT_EQ(probe["sibling"], ENOENT) << "the polluter's bundle is reachable from the probe";
}

TEST_P(WarmIsolation, RandomStateIsNotSharedBetweenRuns) {
  std::vector<json> seen;
  for (int i = 0; i < 3; ++i) {
    auto probe = Run(slot_->probe, kProbeCode);
    ASSERT_TRUE(probe);
    seen.push_back(*probe);
  }
  for (const std::string& key : RandomKeys()) {
    std::set<std::string> values;
    for (const json& out : seen) values.insert(out[key].dump());
    EXPECT_EQ(values.size(), seen.size()) << key << " repeats across the server's children";
  }
  // A known difference from cold runs, inherent to forking without exec: every child has the
  // server's address-space layout (the interpreter, libraries and heap at the same
  // addresses), where each cold run's exec draws a new one. A run learns the layout, but it
  // has nothing to use it against: no channel leads from a run to the server or to another
  // run (see the other tests here).
  for (const json& out : seen) EXPECT_EQ(out["none_address"], seen[0]["none_address"]);
}

TEST_P(WarmIsolation, ThreadBombAndFullTmpfsLeaveTheNextRunItsLimits) {
  // RLIMIT_NPROC counts the sandbox user's tasks in the server's user namespace, which the
  // server's runs share one after another: a polluter's threads must all be gone.
  constexpr char kPolluter[] = R"(
    import threading, time
    chunk = b"x" * (1 << 20)
    i = 0
    try:
        while True:
            with open("/tmp/fill%d" % i, "wb") as f:
                f.write(chunk)
            i += 1
    except OSError as e:
        out["fill"] = e.errno
    del chunk
    started = 0
    try:
        for _ in range(1000):
            threading.Thread(target=time.sleep, args=(60,)).start()
            started += 1
    except RuntimeError:
        out["stopped"] = True
  )";
  const json probe = PolluteThenProbe(kPolluter, {{"stopped", true}, {"fill", ENOSPC}});
  SCOPED_TRACE(probe.dump());
  ExpectBaseline(probe);
  EXPECT_EQ(probe["can_start_threads"], 8) << "the polluter's threads count against the probe";
  EXPECT_EQ(probe["tmpfs_free"], slot_->baseline["tmpfs_free"]);
}

// The run's SECRET_KEY is fresh per run (docs/warm-runs.md, "Not shared"): the harness sets it
// in the environment and a warm child re-reads the settings with it (warm_settings.py). Every
// consumer of the key inside Django must then use the run's key, not the server's, as in a
// cold run, where nothing existed before the harness set the key. The child below does what
// the harness's set-up does with a key of its own (run.configure_environment, then
// warm_settings.apply_run_settings warm, django.setup() cold) and asks the consumers.
constexpr char kSecretCode[] = R"(
  sys.path[:0] = ["/pocsift/harness", "/pocsift/project"]
  import run, django
  run.configure_environment({"secret_key": "the-runs-own-key-" + "k" * 40})
  if "warm_settings" in sys.modules:
      import warm_settings
      warm_settings.apply_run_settings()
  else:
      django.setup()
  from django.conf import settings
  from django.contrib.auth.tokens import default_token_generator
  from django.core import signing
  key = "the-runs-own-key-" + "k" * 40
  out["django"] = django.get_version()
  out["settings"] = settings.SECRET_KEY == key
  # Django < 4.1 copies the key into the generator when django.contrib.auth.tokens is
  # imported; later versions read settings at each use.
  out["password_reset_tokens"] = default_token_generator.secret == key
  out["signing"] = signing.loads(signing.dumps("x")) == "x" and signing.Signer().key == key
)";

TEST_P(WarmIsolation, TheRunsSecretKeyIsTheOneEveryConsumerUses) {
  auto warm = Run(slot_->probe, kSecretCode);
  ASSERT_TRUE(warm);
  SandboxRequest cold_request = ColdRunRequest(slot_->runtime, kSecretCode, slot_->uid);
  cold_request.harness = RealHarness();
  cold_request.bundle = slot_->probe;
  cold_request.python_args = {kWarmBatteryScript};
  Result<SandboxResult> cold = RunSandboxed(cold_request);
  ASSERT_TRUE(cold) << cold.error().message;
  SCOPED_TRACE("warm: " + warm->dump() + "\ncold: " + Describe(cold.value()));
  const json all_the_runs = {
      {"settings", true}, {"password_reset_tokens", true}, {"signing", true}};
  for (const auto& [consumer, expected] : all_the_runs.items()) {
    EXPECT_EQ(OutOf(cold.value()).value(consumer, json()), expected) << "cold: " << consumer;
    EXPECT_EQ(warm->value(consumer, json()), expected)
        << "warm: " << consumer << " does not use the run's SECRET_KEY (Django "
        << warm->value("django", "") << ") but the server's, the same for all its runs";
  }
}

TEST_P(WarmIsolation, RunsThatCrashOrAttackTheServerLeaveItServing) {
  const std::vector<std::pair<std::string, std::string>> crashes = {
      {"segfault", "import ctypes\nctypes.string_at(0)\n"},
      {"abort", "os.abort()\n"},
      {"kill_server", R"(
         import signal
         for pid in (1, 0, -1):
             for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
                 errno_of(os.kill, pid, sig)
         emit({"out": {"tried": True}})
       )"},
      {"exit_nonzero", "os._exit(9)\n"},
      {"system_exit", "raise SystemExit(4)\n"},
  };
  WarmServer* server = slot_->server.get();
  const nlohmann::json ready = server->ready();
  for (const auto& [name, code] : crashes) {
    SCOPED_TRACE(name);
    Result<WarmAnswer> answer =
        server->Run(WarmRunRequest(slot_->runtime, slot_->polluter, code, BatteryLimits()));
    ASSERT_TRUE(answer) << answer.error().message;
    SCOPED_TRACE(Describe(answer->result, answer->anomaly));
    EXPECT_EQ(answer->anomaly, "");
    EXPECT_TRUE(server->healthy());
    EXPECT_EQ(HostProcessesOf(slot_->uid), 0);
  }
  EXPECT_EQ(server->ready(), ready);
  auto probe = Run(slot_->probe, kProbeCode);
  ASSERT_TRUE(probe);
  EXPECT_EQ(slot_->server.get(), server);
  ExpectBaseline(*probe);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmIsolation, ::testing::Values("3.11", "3.13"), RuntimeName);

}  // namespace
}  // namespace pocsift::sandbox::testing
