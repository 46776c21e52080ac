#include "engine/warm_pool.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <condition_variable>
#include <optional>
#include <thread>
#include <vector>

#include "engine/paths.h"
#include "sandbox/launcher.h"
#include "sandbox/warm_client.h"

namespace pocsift {
namespace {

// See NeedsColdRun: each decides the tables or the database a run sees.
constexpr const char* kColdOnlySettings[] = {"DATABASES", "DATABASE_ROUTERS", "AUTH_USER_MODEL",
                                             "MIGRATION_MODULES", "INSTALLED_APPS"};

sandbox::SandboxRequest ServerRequest(const Runtime& runtime, const std::filesystem::path& spool,
                                      const sandbox::SandboxRequest& like) {
  sandbox::SandboxRequest server = like;
  server.rootfs = runtime.rootfs;
  server.django = runtime.path;
  server.bundle = spool;
  server.python_args = {"/pocsift/harness/zygote.py"};
  server.input = nlohmann::json::object();
  server.host_uid = like.host_uid;
  server.host_gid = like.host_gid;
  return server;
}

std::string ColdOnlySettingsList() {
  std::string list;
  for (const char* name : kColdOnlySettings) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

}  // namespace

bool NeedsColdRun(const nlohmann::json& settings) {
  if (!settings.is_object()) return false;
  for (const char* name : kColdOnlySettings) {
    if (settings.contains(name)) return true;
  }
  return false;
}

// A runtime's server and the thread that starts it. A helper dies with the thread that
// started it (its parent-death signal is tied to that thread), and the matrix's worker
// threads end with each phase: so every start happens on the slot's own keeper thread, which
// lives as long as the pool.
struct WarmPool::Slot {
  std::mutex mutex;  // one run at a time per server
  std::unique_ptr<sandbox::WarmServer> server;
  int started = 0;
  std::string last_problem;

  // Starts a server on the keeper thread and waits for it. With `mutex` held.
  Result<std::unique_ptr<sandbox::WarmServer>> StartOnKeeper(sandbox::SandboxRequest request);
  ~Slot();

 private:
  void Keep();
  std::mutex keeper_mutex;
  std::condition_variable keeper_wake;
  std::optional<sandbox::SandboxRequest> pending;
  std::optional<Result<std::unique_ptr<sandbox::WarmServer>>> done;
  bool stopping = false;
  std::thread keeper;
};

void WarmPool::Slot::Keep() {
  std::unique_lock lock(keeper_mutex);
  for (;;) {
    keeper_wake.wait(lock, [this] { return stopping || pending.has_value(); });
    if (stopping) return;
    sandbox::SandboxRequest request = std::move(*pending);
    pending.reset();
    lock.unlock();
    auto result = sandbox::WarmServer::Start(request);
    lock.lock();
    done.emplace(std::move(result));
    keeper_wake.notify_all();
  }
}

Result<std::unique_ptr<sandbox::WarmServer>> WarmPool::Slot::StartOnKeeper(
    sandbox::SandboxRequest request) {
  std::unique_lock lock(keeper_mutex);
  if (!keeper.joinable()) keeper = std::thread([this] { Keep(); });
  pending.emplace(std::move(request));
  done.reset();
  keeper_wake.notify_all();
  keeper_wake.wait(lock, [this] { return done.has_value(); });
  auto result = std::move(*done);
  done.reset();
  return result;
}

WarmPool::Slot::~Slot() {
  server.reset();  // before the keeper ends: its helper is killed by closing its stdin
  {
    const std::lock_guard lock(keeper_mutex);
    stopping = true;
  }
  keeper_wake.notify_all();
  if (keeper.joinable()) keeper.join();
}

Result<std::unique_ptr<WarmPool>> WarmPool::Create(WarmPoolOptions options) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pocsift-spool-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Internal("cannot create the warm runs' spool");
  // A server's helper that died must be an error value on the next write, not a SIGPIPE that
  // ends the engine.
  ::signal(SIGPIPE, SIG_IGN);
  // The servers' root must traverse it to bind one run's bundle; nobody may list it.
  ::chmod(pattern.c_str(), 0711);
  return std::unique_ptr<WarmPool>(new WarmPool(pattern, options));
}

WarmPool::WarmPool(std::filesystem::path spool, WarmPoolOptions options)
    : spool_(std::move(spool)), options_(options) {}

WarmPool::~WarmPool() {
  {
    const std::lock_guard lock(slots_mutex_);
    slots_.clear();  // each server's helper kills its tree
  }
  std::error_code ignored;
  std::filesystem::remove_all(spool_, ignored);
}

WarmPool::Slot& WarmPool::SlotFor(const Runtime& runtime) {
  const std::lock_guard lock(slots_mutex_);
  auto& slot = slots_[runtime.id];
  if (!slot) slot = std::make_unique<Slot>();
  return *slot;
}

// With the slot locked: a healthy server, or the reason there is none.
std::string WarmPool::EnsureServer(Slot& slot, const Runtime& runtime) {
  if (slot.server && (!slot.server->healthy() || slot.server->runs() >= options_.recycle_after)) {
    slot.server.reset();
  }
  if (slot.server) return "";
  sandbox::SandboxRequest like;
  like.harness = PocsiftHome() / "fixtures" / "harness";
  like.project = PocsiftHome() / "fixtures" / "project";
  like.host_uid = options_.host_uid;
  like.host_gid = options_.host_gid;
  auto started = slot.StartOnKeeper(ServerRequest(runtime, spool_, like));
  if (!started) {
    slot.last_problem = started.error().message;
    return slot.last_problem;
  }
  slot.server = std::move(started).value();
  ++slot.started;
  return "";
}

PooledRun WarmPool::Run(const Runtime& runtime, const sandbox::SandboxRequest& request) {
  PooledRun out;
  if (request.bundle.parent_path() != spool_) {
    out.cold_reason = "the bundle is not staged in the warm spool";
  } else if (NeedsColdRun(request.input.value("settings", nlohmann::json::object()))) {
    out.cold_reason = "the run's settings override one of " + ColdOnlySettingsList();
  } else {
    Slot& slot = SlotFor(runtime);
    const std::lock_guard lock(slot.mutex);
    if (std::string problem = EnsureServer(slot, runtime); !problem.empty()) {
      out.cold_reason = "the warm server could not start: " + problem;
    } else if (auto answer = slot.server->Run(request); !answer) {
      slot.last_problem = answer.error().message;
      out.cold_reason = "the warm server failed: " + answer.error().message;
    } else if (!answer->anomaly.empty()) {
      // The server is replaced; the run itself is retried cold, so that a verdict never
      // rests on a run a misbehaving server supervised.
      slot.last_problem = answer->anomaly;
      out.cold_reason = "the warm server misbehaved: " + answer->anomaly;
    } else {
      out.result = std::move(answer).value().result;
      out.warm = true;
      return out;
    }
  }
  out.result = sandbox::RunSandboxed(request);
  return out;
}

std::map<std::string, std::string> WarmPool::StartAll(const std::vector<Runtime>& runtimes) {
  std::map<std::string, std::string> problems;
  std::mutex problems_mutex;
  std::vector<std::thread> threads;
  for (const Runtime& runtime : runtimes) {
    threads.emplace_back([&, runtime] {
      Slot& slot = SlotFor(runtime);
      const std::lock_guard lock(slot.mutex);
      if (std::string problem = EnsureServer(slot, runtime); !problem.empty()) {
        const std::lock_guard guard(problems_mutex);
        problems[runtime.id] = problem;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return problems;
}

nlohmann::json WarmPool::Status() const {
  nlohmann::json status = nlohmann::json::object();
  const std::lock_guard lock(slots_mutex_);
  for (const auto& [id, slot] : slots_) {
    std::unique_lock slot_lock(slot->mutex, std::try_to_lock);
    if (!slot_lock.owns_lock()) {
      status[id] = {{"busy", true}};
      continue;
    }
    nlohmann::json entry = {{"servers_started", slot->started}};
    if (slot->server) entry["runs"] = slot->server->runs();
    if (!slot->last_problem.empty()) entry["last_problem"] = slot->last_problem;
    status[id] = entry;
  }
  return status;
}

}  // namespace pocsift
