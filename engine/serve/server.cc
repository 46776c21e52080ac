#include "engine/serve/server.h"

#include <httplib.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <thread>

#include "engine/one_line.h"
#include "engine/paths.h"
#include "engine/serve/api_tokens.h"
#include "engine/serve/case_workers.h"
#include "engine/serve/connection_pool.h"
#include "engine/serve/engine_check.h"
#include "engine/serve/http_api.h"
#include "engine/serve/sqlite_case_store.h"

namespace pocsift {
namespace {

constexpr int kExitBadOptions = 2;
constexpr int kExitFailed = 4;

std::atomic<bool> stop_requested{false};

extern "C" void RequestStop(int) { stop_requested.store(true); }

Instant Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// A private folder for staged uploads, removed with everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pocsift-serve-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Purges old bundles at start-up and then hourly (ServeOptions::retention_days).
class RetentionSweeper {
 public:
  RetentionSweeper(CaseStore& store, int days) : store_(store), days_(days) {
    if (days_ > 0) thread_ = std::thread([this] { Loop(); });
  }
  ~RetentionSweeper() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  RetentionSweeper(const RetentionSweeper&) = delete;
  RetentionSweeper& operator=(const RetentionSweeper&) = delete;

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto purged = store_.PurgeBundles(Now() - std::chrono::days(days_));
      if (!purged)
        std::cerr << "pocsift serve: retention: " << OneLine(purged.error().message) << "\n";
      else if (purged.value() > 0)
        std::cerr << "pocsift serve: retention: purged the bundles of " << purged.value()
                  << " cases older than " << days_ << " days\n";
      lock.lock();
      wake_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; });
    }
  }

  CaseStore& store_;
  int days_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

std::filesystem::path StorePath(const ServeOptions& options) {
  if (options.store) return *options.store;
  return CacheRoot() / "serve" / "cases.sqlite";
}

}  // namespace

int RunServer(const ServeOptions& options) {
  auto tokens = ApiTokens::Load(options.tokens);
  if (!tokens) {
    std::cerr << "pocsift: " << OneLine(tokens.error().message) << "\n";
    return kExitBadOptions;
  }
  const std::filesystem::path store_path = StorePath(options);
  std::error_code ec;
  if (store_path.has_parent_path())
    std::filesystem::create_directories(store_path.parent_path(), ec);
  auto store = SqliteCaseStore::Open(store_path);
  if (!store) {
    std::cerr << "pocsift: " << OneLine(store.error().message) << "\n";
    return kExitFailed;
  }
  ScratchDir scratch;
  if (scratch.path().empty()) {
    std::cerr << "pocsift: cannot create a scratch folder under "
              << std::filesystem::temp_directory_path() << "\n";
    return kExitFailed;
  }
  auto check = EngineCheck::Prepare(options, scratch.path());
  if (!check) {
    std::cerr << "pocsift: " << OneLine(check.error().message) << "\n";
    return kExitBadOptions;
  }
  CaseStore& cases = *store.value();
  auto requeued = cases.RecoverRunning(options.max_attempts, Now());
  if (!requeued) {
    std::cerr << "pocsift: " << OneLine(requeued.error().message) << "\n";
    return kExitFailed;
  }
  if (requeued.value() > 0)
    std::cerr << "pocsift serve: re-queued " << requeued.value()
              << " cases left running by a previous process\n";

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  ServeMetrics metrics;
  RetentionSweeper sweeper(cases, options.retention_days);
  CaseWorkers workers(cases, metrics, check.value(),
                      {options.workers > 0 ? options.workers : static_cast<int>(cores),
                       std::max(1, options.max_attempts),
                       std::chrono::seconds(std::max(0, options.retry_backoff_seconds))});

  ServeLimits limits = options.limits;
  if (limits.http_threads == 0) limits.http_threads = 4 * cores;
  httplib::Server server;
  server.new_task_queue = [limits] {
    return new ConnectionPool(limits.http_threads, limits.connection_backlog);
  };
  ServeApi api({cases, tokens.value(), metrics, [&workers] { workers.Notify(); }, limits,
                scratch.path(), Now});
  api.Register(server);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    std::cerr << "pocsift: cannot listen on " << options.host << ":" << options.port << "\n";
    return kExitFailed;
  }

  // The handlers only set a flag; a watcher thread stops the server (stop() is not
  // async-signal-safe). SIGPIPE is ignored: a client that hangs up must not kill the server.
  stop_requested.store(false);
  struct sigaction action {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
  std::atomic<bool> listening_done{false};
  std::thread watcher([&] {
    while (!listening_done.load()) {
      if (stop_requested.load()) {
        server.stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  std::cout << "pocsift serve: listening on http://" << options.host << ":" << port << std::endl;
  const bool listened = server.listen_after_bind();
  listening_done.store(true);
  watcher.join();
  std::cerr << "pocsift serve: stopped\n";
  return listened || stop_requested.load() ? 0 : kExitFailed;
}

}  // namespace pocsift
