// The `serve` subcommand of the command line: its options (docs/serve.md) and RunServer().
// main.cc constructs one before parsing and calls Run() when it was chosen.
#pragma once

#include <CLI/CLI.hpp>

#include "engine/serve/serve_options.h"

namespace pocsift {

class ServeCommand {
 public:
  // Adds `serve` and its options to `app`.
  explicit ServeCommand(CLI::App& app);
  ServeCommand(const ServeCommand&) = delete;
  ServeCommand& operator=(const ServeCommand&) = delete;

  bool parsed() const { return command_->parsed(); }
  // Runs the server until SIGINT/SIGTERM; returns the exit code.
  int Run() const;

 private:
  CLI::App* command_;
  ServeOptions options_;
};

}  // namespace pocsift
