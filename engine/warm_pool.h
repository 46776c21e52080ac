// WarmPool: one warm fork server per Django runtime (sandbox/warm_client.h), for the run
// matrix (docs/warm-runs.md).
//
// Servers start lazily on a runtime's first run (or all at once with StartAll, as `serve`
// does), serve one run at a time, are replaced after `recycle_after` runs or on any anomaly
// (a server that died, misbehaved or had to kill a run), and are killed with their whole
// tree when the pool is destroyed. A run the warm path cannot take, or that a broken server
// loses, runs cold instead (sandbox/launcher.h), and the outcome says why: a case never fails
// because a server did.
//
// Thread-safe: the matrix calls Run from several threads; runs of one runtime queue for its
// server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "engine/runtimes.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {
class WarmServer;
}

namespace pocsift {

struct WarmPoolOptions {
  int recycle_after = 200;  // runs per server before it is replaced
  // The host ids the servers' sandboxes map to: the runs' user is host_uid (as a cold run's
  // default), the server's own root host_uid + 1 (sandbox/child_plan.h SandboxIdMaps).
  std::uint32_t host_uid = 60000;
  std::uint32_t host_gid = 60000;
};

// Settings a fork server's child cannot apply to an already set-up Django (they decide which
// tables exist or which database is used): runs that override one of them run cold.
bool NeedsColdRun(const nlohmann::json& settings);

struct PooledRun {
  Result<sandbox::SandboxResult> result = Internal("not run");
  bool warm = false;
  std::string cold_reason;  // why a run meant for the warm path ran cold ("" when warm)
};

class WarmPool {
 public:
  // Creates the spool: a private folder (mode 0711) under $TMPDIR in which every bundle that
  // runs warm must be staged (StagedBundle::Stage's `parent`). Ignores SIGPIPE in the
  // process (a dead server's pipe then fails a write instead of killing the engine).
  static Result<std::unique_ptr<WarmPool>> Create(WarmPoolOptions options = {});
  ~WarmPool();
  WarmPool(const WarmPool&) = delete;
  WarmPool& operator=(const WarmPool&) = delete;

  const std::filesystem::path& spool() const { return spool_; }

  // Runs `request` (a cold run's request: harness run.py, bundle staged in the spool) on
  // `runtime`'s server, or cold when that cannot be done.
  PooledRun Run(const Runtime& runtime, const sandbox::SandboxRequest& request);

  // Starts every runtime's server now, in parallel; the reasons of those that failed.
  std::map<std::string, std::string> StartAll(const std::vector<Runtime>& runtimes);

  // Per runtime: servers started so far, the current server's runs, the last reason a server
  // could not be used; {"busy": true} while a run holds the runtime's server.
  nlohmann::json Status() const;

 private:
  struct Slot;
  explicit WarmPool(std::filesystem::path spool, WarmPoolOptions options);
  Slot& SlotFor(const Runtime& runtime);
  std::string EnsureServer(Slot& slot, const Runtime& runtime);

  std::filesystem::path spool_;
  WarmPoolOptions options_;
  mutable std::mutex slots_mutex_;
  std::map<std::string, std::unique_ptr<Slot>> slots_;
};

}  // namespace pocsift
