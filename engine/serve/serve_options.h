// Everything `pocsift serve` can be told, with the limits it enforces; docs/serve.md explains
// each. Filled by serve_command.cc from the command line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pocsift {

struct ServeLimits {
  std::size_t max_upload_bytes = 16u << 20;  // a bundle archive; larger gets 413
  std::size_t max_header_bytes = 16u << 10;  // all request headers together; larger gets 431
  int read_timeout_seconds = 5;              // a client silent this long is disconnected
  int write_timeout_seconds = 5;
  int keep_alive_seconds = 5;              // an idle connection between requests
  std::size_t http_threads = 0;            // connection threads; 0: 4 per core
  std::size_t connection_backlog = 64;     // connections waiting for a thread; beyond: 503
  std::size_t queue_limit = 64;            // queued + running cases; beyond: 503
  std::size_t submitter_queue_limit = 16;  // one submitter's queued + running; beyond: 429
  int retry_after_seconds = 10;            // the Retry-After of 429 and 503
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (printed on start)
  std::optional<std::string> store;   // the SQLite file; default <cache>/serve/cases.sqlite
  std::optional<std::string> tokens;  // token file; else $POCSIFT_SERVE_TOKENS
  ServeLimits limits;
  int workers = 0;  // cases checked at once; 0: one per core
  int jobs = 1;     // sandboxed runs in parallel within one case
  int repeats = 3;
  int max_attempts = 3;
  int retry_backoff_seconds = 5;
  int retention_days = 0;  // purge bundles of cases finished this long ago; 0: keep
  bool static_only = false;
  bool cold = false;  // no warm fork servers (started for every runtime at serve start)
  std::vector<std::string> runtimes;  // series or runtime ids; empty: all installed
};

}  // namespace pocsift
