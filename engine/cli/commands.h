// The subcommands of the pocsift command line, one file each; main.cc wires them to CLI11.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pocsift {

struct CheckCommandOptions {
  std::vector<std::string> bundles;
  std::optional<std::string> received;
  std::string format = "text";  // text | json
  std::optional<std::string> output;
  bool static_only = false;
  bool quiet = false;
  std::vector<std::string> runtimes;  // series or runtime ids; empty: all
  int jobs = 0;                       // 0: one per core
  int repeats = 3;
};

// Checks each bundle; prints records or summaries; returns the exit code (engine/cli/exit_codes.h).
int RunCheckCommand(const CheckCommandOptions& options);

struct RuntimesCommandOptions {
  bool json = false;
};

// Lists the installed Django runtimes; 0 when installed, 4 when not.
int RunRuntimesCommand(const RuntimesCommandOptions& options);

}  // namespace pocsift
