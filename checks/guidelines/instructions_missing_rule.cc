#include "checks/guidelines/instructions_missing_rule.h"

#include <algorithm>
#include <cctype>

namespace pocsift {

std::vector<Finding> InstructionsMissingRule::Check(const CheckContext& context) const {
  const auto& instructions = context.bundle.manifest.instructions;
  Finding finding;
  finding.rule = std::string(id());
  finding.outcome = Outcome::kFail;
  if (!instructions) {
    finding.evidence = {{"instructions", nullptr}};
    finding.locations.push_back({"poc.json", 0});
    finding.message = "poc.json names no instructions file";
    return {finding};
  }
  const std::string& text = context.bundle.files.at(*instructions);
  const bool blank = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
  });
  if (!blank) return {Passed(id())};
  finding.evidence = {{"instructions", *instructions}, {"bytes", text.size()}};
  finding.locations.push_back({*instructions, 0});
  finding.message = "the instructions file " + *instructions + " is empty";
  return {finding};
}

}  // namespace pocsift
