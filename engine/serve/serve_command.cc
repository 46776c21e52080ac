#include "engine/serve/serve_command.h"

#include "engine/serve/server.h"

namespace pocsift {

ServeCommand::ServeCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "serve", "run the HTTP API and the reporter page over a durable case store")) {
  ServeOptions& o = options_;
  ServeLimits& l = o.limits;
  auto* c = command_;
  c->add_option("--host", o.host, "address to listen on (default 127.0.0.1)");
  c->add_option("--port", o.port, "port to listen on; 0 picks a free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  c->add_option("--store", o.store, "the SQLite case store (default <cache>/serve/cases.sqlite)");
  c->add_option("--tokens", o.tokens,
                "API token file, <name>:<roles>:<token> a line (else $POCSIFT_SERVE_TOKENS)");
  c->add_option("--workers", o.workers, "cases checked at once (default: one per core)")
      ->check(CLI::Range(1, 256));
  c->add_option("--jobs,-j", o.jobs, "sandboxed runs in parallel within a case (default 1)")
      ->check(CLI::Range(1, 64));
  c->add_option("--repeats", o.repeats, "runs of each runtime and variant where an oracle fired")
      ->check(CLI::Range(1, 10));
  c->add_option("--runtimes", o.runtimes, "only these series or runtime ids (5.2,6.1)")
      ->delimiter(',');
  c->add_flag("--static-only", o.static_only, "do not run proofs of concept (static rules only)");
  c->add_flag("--cold", o.cold,
              "no warm fork servers: every run in a fresh sandbox (docs/warm-runs.md)");
  c->add_option("--max-attempts", o.max_attempts, "attempts before a case is marked failed (3)")
      ->check(CLI::Range(1, 20));
  c->add_option("--retry-backoff", o.retry_backoff_seconds, "seconds before a retry (5)")
      ->check(CLI::Range(0, 3600));
  c->add_option("--retention-days", o.retention_days,
                "purge bundles of cases finished this many days ago, keeping verdicts (0: keep)")
      ->check(CLI::Range(0, 36500));
  c->add_option("--max-upload", l.max_upload_bytes, "largest bundle archive in bytes (16 MiB)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  c->add_option("--max-header-bytes", l.max_header_bytes, "all request headers, bytes (16 KiB)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20));
  c->add_option("--read-timeout", l.read_timeout_seconds, "seconds a client may stay silent (5)")
      ->check(CLI::Range(1, 300));
  c->add_option("--keep-alive", l.keep_alive_seconds,
                "seconds an idle connection is kept open between requests (5)")
      ->check(CLI::Range(1, 300));
  c->add_option("--write-timeout", l.write_timeout_seconds, "seconds a write may block (5)")
      ->check(CLI::Range(1, 300));
  c->add_option("--http-threads", l.http_threads, "connection threads (default: 4 per core)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  c->add_option("--connection-backlog", l.connection_backlog,
                "connections waiting for a thread before 503 (64)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{65536}));
  c->add_option("--queue-limit", l.queue_limit, "queued and running cases before 503 (64)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  c->add_option("--submitter-queue-limit", l.submitter_queue_limit,
                "one submitter's queued and running cases before 429 (16)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  c->add_option("--retry-after", l.retry_after_seconds, "Retry-After of 429 and 503, seconds (10)")
      ->check(CLI::Range(1, 3600));
}

int ServeCommand::Run() const { return RunServer(options_); }

}  // namespace pocsift
