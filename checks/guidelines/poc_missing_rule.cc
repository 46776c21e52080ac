#include "checks/guidelines/poc_missing_rule.h"

#include <algorithm>

namespace pocsift {
namespace {

std::size_t CountAppSources(const Bundle& bundle) {
  if (!bundle.manifest.app) return 0;
  const std::string prefix = bundle.manifest.app->package + "/";
  return static_cast<std::size_t>(std::count_if(
      bundle.files.begin(), bundle.files.end(), [&](const auto& file) {
        return file.first.starts_with(prefix) && file.first.ends_with(".py");
      }));
}

}  // namespace

std::vector<Finding> PocMissingRule::Check(const CheckContext& context) const {
  const auto& steps = context.bundle.manifest.steps;
  const auto request_steps = static_cast<std::size_t>(
      std::count_if(steps.begin(), steps.end(), [](const Step& s) { return s.request.has_value(); }));
  const std::size_t sources = CountAppSources(context.bundle);
  if (sources > 0 || request_steps > 0) return {Passed(id())};
  Finding finding;
  finding.rule = std::string(id());
  finding.outcome = Outcome::kFail;
  finding.evidence = {{"app_python_files", sources}, {"request_steps", request_steps}};
  finding.locations.push_back({"poc.json", 0});
  finding.message = "the bundle has no app code and no request steps";
  return {finding};
}

}  // namespace pocsift
