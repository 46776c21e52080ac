// `pocsift serve`: opens the case store, re-queues what a previous process left running,
// starts the case workers and the HTTP API, and runs until SIGINT or SIGTERM.
//
// On start it prints one line to stdout, "pocsift serve: listening on http://HOST:PORT", after
// the socket is bound (tests and scripts wait for it; with --port 0 it names the port chosen).
#pragma once

#include "engine/serve/serve_options.h"

namespace pocsift {

// Returns the process's exit code: 0 after a signal, 2 for bad options or tokens, 4 when the
// store or the socket cannot be opened.
int RunServer(const ServeOptions& options);

}  // namespace pocsift
