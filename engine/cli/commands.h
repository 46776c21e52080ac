// The subcommands of the pocsift command line, one file each; main.cc wires them to CLI11.
// Each Run*Command returns the process's exit code (engine/cli/exit_codes.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pocsift {

struct CheckCommandOptions {
  std::vector<std::string> bundles;
  std::optional<std::string> received;
  std::string format = "text";  // text | json | sarif
  std::optional<std::string> output;
  bool static_only = false;
  bool quiet = false;
  bool verbose = false;   // text: every rule and run; progress lines even off a terminal
  bool no_color = false;  // --no-color; NO_COLOR and a non-terminal also turn colour off
  std::vector<std::string> runtimes;  // series or runtime ids; empty: all
  int jobs = 0;                       // 0: one per core
  int repeats = 3;
  bool cold = false;  // --cold: every run in a fresh sandbox, no warm fork servers
};

// Checks each bundle; prints records, summaries or SARIF; returns the exit code.
int RunCheckCommand(const CheckCommandOptions& options);

struct RuntimesCommandOptions {
  bool json = false;
};

// Lists the installed Django runtimes; 0 when installed, 4 when not.
int RunRuntimesCommand(const RuntimesCommandOptions& options);

struct ExplainCommandOptions {
  std::optional<std::string> rule;  // none: list every rule
  bool json = false;
  bool no_color = false;
};

// Prints a rule's policy text, how it is decided and the reporter's fix, or lists all rules;
// 0, or 2 for an unknown rule id.
int RunExplainCommand(const ExplainCommandOptions& options);

struct IngestCommandOptions {
  std::string report;                 // a .md (or .markdown, .txt) or .eml file
  std::optional<std::string> output;  // the bundle folder to create
  bool force = false;                 // replace an existing output folder
  bool quiet = false;
};

// Turns a report into a bundle folder; 0 when written (unmapped parts are listed on stderr
// and in the bundle's INGEST.md), 2 for an unreadable or malformed report, 4 when the folder
// cannot be written.
int RunIngestCommand(const IngestCommandOptions& options);

}  // namespace pocsift
