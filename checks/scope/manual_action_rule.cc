#include "checks/scope/manual_action_rule.h"

#include <map>
#include <set>
#include <sstream>

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

// The engine's own set-up (design.md, "Bundle format"): command -> options it may take.
// Options that take a value are listed with a trailing "=".
const std::map<std::string, std::set<std::string>>& SetupCommands() {
  static const std::map<std::string, std::set<std::string>> kCommands = {
      {"migrate", {"--noinput", "--no-input", "--run-syncdb", "-v=", "--verbosity="}},
      {"loaddata", {"-v=", "--verbosity="}},
      {"createsuperuser", {"--noinput", "--no-input", "--username=", "--email=", "-v=", "--verbosity="}},
  };
  return kCommands;
}

// Commands a reader may be told to run without it being a manual action on the PoC's code.
const std::set<std::string>& PlainInstructionCommands() {
  static const std::set<std::string> kCommands = {
      "migrate", "makemigrations", "createsuperuser", "loaddata", "runserver", "startproject",
      "startapp", "collectstatic", "check", "test"};
  return kCommands;
}

// Why a manage step is not the engine's set-up, or "".
std::string ManageProblem(const std::vector<std::string>& argv, const Bundle& bundle) {
  if (argv.empty()) return "an empty management command";
  const auto found = SetupCommands().find(argv[0]);
  if (found == SetupCommands().end()) return "runs `" + argv[0] + "`, which is not part of a deployment's set-up";
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (!arg.starts_with("-")) {
      if (argv[0] == "loaddata") {
        bool in_bundle = false;
        if (bundle.manifest.app)
          for (const auto& f : bundle.manifest.app->fixtures) in_bundle = in_bundle || f == arg || f.ends_with("/" + arg);
        if (!in_bundle) return "loads `" + arg + "`, which is not one of the bundle's fixtures";
      } else if (argv[0] != "migrate" || i != 1) {
        return "passes `" + arg + "` to " + argv[0];
      }
      continue;
    }
    const std::string name = arg.substr(0, arg.find('='));
    if (found->second.contains(name)) continue;
    if (found->second.contains(name + "=")) {
      if (arg.find('=') == std::string::npos) ++i;  // the value follows
      continue;
    }
    return "passes the non-default option `" + name + "` to " + argv[0];
  }
  return "";
}

// Management commands the instructions tell the reader to run beyond the plain ones.
std::vector<std::string> InstructionCommands(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream words(text);
  std::string word, previous;
  bool after_cli = false;
  while (words >> word) {
    while (!word.empty() && (word.back() == '`' || word.back() == ',' || word.back() == '.')) word.pop_back();
    while (!word.empty() && word.front() == '`') word.erase(0, 1);
    if (after_cli) {
      after_cli = false;
      if (!word.empty() && !word.starts_with("-") && !PlainInstructionCommands().contains(word))
        out.push_back(previous + " " + word);
    }
    if (word == "manage.py" || word == "django-admin" || word.ends_with("/manage.py")) {
      after_cli = true;
      previous = word;
    }
    if (word == "--template" || word.starts_with("--template=")) out.push_back("startapp/startproject --template");
  }
  return out;
}

}  // namespace

std::vector<Finding> ManualActionRule::Check(const CheckContext& context) const {
  Finding finding = Passed(id());
  Json problems = Json::array();
  for (const auto& step : context.bundle.manifest.steps) {
    if (step.request) continue;
    const std::string problem = ManageProblem(step.manage, context.bundle);
    if (problem.empty()) continue;
    problems.push_back({{"step", step.name}, {"argv", step.manage}, {"why", problem}});
    finding.locations.push_back({"poc.json", 0});
  }
  const auto& instructions = context.bundle.manifest.instructions;
  if (instructions) {
    const auto file = context.bundle.files.find(*instructions);
    if (file != context.bundle.files.end())
      for (const auto& command : InstructionCommands(file->second)) {
        problems.push_back({{"instructions", *instructions}, {"command", command},
                            {"why", "the instructions have the reader run `" + command + "`"}});
        finding.locations.push_back({*instructions, 0});
      }
  }
  if (problems.empty()) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence = {{"manual_actions", problems}};
  const Json& first = problems.front();
  finding.message = "the proof of concept depends on a manual action: " +
                    (first.contains("step") ? "step \"" + first["step"].get<std::string>() + "\" " : std::string()) +
                    first["why"].get<std::string>();
  return {finding};
}

}  // namespace pocsift
