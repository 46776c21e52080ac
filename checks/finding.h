// Finding: one rule's outcome for one case, with the evidence a person can check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pocsift {

enum class Outcome { kPass, kFail, kSkip };

std::string_view OutcomeName(Outcome outcome);  // "pass" | "fail" | "skip"

struct Location {
  std::string file;  // a path inside the bundle
  int line = 0;      // 1-based; 0 when the whole file is meant
};

struct Finding {
  std::string rule;  // the policy rule id, e.g. "body-over-2.5mb"
  Outcome outcome = Outcome::kPass;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  std::vector<Location> locations;
  std::string message;  // one sentence: what was found, in the reader's terms
};

}  // namespace pocsift
