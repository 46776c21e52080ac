// pocsift: screens security reports for Django against its security policy.
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/case_record.h"
#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/serve/serve_command.h"

int main(int argc, char** argv) {
  CLI::App app{"pocsift: screen a Django security report's proof of concept against the policy"};
  app.set_version_flag("--version", std::string(pocsift::kEngineVersion));
  app.require_subcommand(1);

  pocsift::CheckCommandOptions check;
  auto* check_cmd = app.add_subcommand("check", "check bundles and print their verdicts");
  check_cmd->add_option("bundles", check.bundles, "bundle folders or .tar.gz/.zip archives")
      ->required();
  check_cmd->add_option("--received", check.received,
                        "when the report was received (YYYY-MM-DD or RFC 3339)");
  check_cmd->add_option("--format", check.format, "text (default), json (the case record) or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  check_cmd->add_option("--output", check.output, "write the output to this file");
  check_cmd->add_flag("--static-only", check.static_only, "do not run the proof of concept");
  auto* quiet_flag =
      check_cmd->add_flag("--quiet,-q", check.quiet, "print nothing; the exit code says the verdict");
  check_cmd->add_flag("--verbose,-v", check.verbose,
                      "text: also the rules that passed and every run; progress as plain lines")
      ->excludes(quiet_flag);
  check_cmd->add_flag("--no-color", check.no_color,
                      "no colour (also when NO_COLOR is set or the output is not a terminal)");
  check_cmd->add_option("--runtimes", check.runtimes, "only these series or runtime ids (5.2,6.1)")
      ->delimiter(',');
  check_cmd->add_option("--jobs,-j", check.jobs, "sandboxed runs in parallel (default: cores)")
      ->check(CLI::Range(1, 64));
  check_cmd->add_option("--repeats", check.repeats,
                        "runs of each runtime and variant where an oracle fired (default 3)")
      ->check(CLI::Range(1, 10));
  check_cmd->add_flag("--cold", check.cold,
                      "run every proof of concept in a fresh sandbox (no warm fork servers)");

  pocsift::RuntimesCommandOptions runtimes;
  auto* runtimes_cmd = app.add_subcommand("runtimes", "list the installed Django runtimes");
  runtimes_cmd->add_flag("--json", runtimes.json, "print JSON");

  pocsift::ServeCommand serve(app);

  pocsift::ExplainCommandOptions explain;
  auto* explain_cmd =
      app.add_subcommand("explain", "what a rule enforces, how it is decided, how to fix it");
  explain_cmd->add_option("rule", explain.rule, "a rule id (none: list every rule)");
  explain_cmd->add_flag("--json", explain.json, "print JSON");
  explain_cmd->add_flag("--no-color", explain.no_color, "no colour");

  pocsift::IngestCommandOptions ingest;
  auto* ingest_cmd =
      app.add_subcommand("ingest", "turn a Markdown report or an .eml message into a bundle");
  ingest_cmd->add_option("report", ingest.report, "the report: .md, .markdown, .txt or .eml")
      ->required();
  ingest_cmd->add_option("--output,-o", ingest.output,
                         "the bundle folder to write (default: the report's name without suffix)");
  ingest_cmd->add_flag("--force", ingest.force, "replace the output folder if it exists");
  ingest_cmd->add_flag("--quiet,-q", ingest.quiet, "print nothing but errors");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // One line, like every other error of pocsift's.
    std::cerr << "pocsift: " << e.what() << " (see pocsift --help)\n";
    return pocsift::kExitBadInput;
  }
  if (check_cmd->parsed()) return pocsift::RunCheckCommand(check);
  if (serve.parsed()) return serve.Run();
  if (explain_cmd->parsed()) return pocsift::RunExplainCommand(explain);
  if (ingest_cmd->parsed()) return pocsift::RunIngestCommand(ingest);
  return pocsift::RunRuntimesCommand(runtimes);
}
