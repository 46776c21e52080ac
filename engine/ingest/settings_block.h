// Settings overrides from a report's settings.py snippet: "NAME = literal" assignments whose
// values are Python literals (True/False/None, numbers, strings, lists, tuples, dicts of
// them), as the JSON of poc.json's app.settings. Anything else (expressions, "+=", imports,
// BASE_DIR / "x") is returned as unmapped lines for a person to translate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pocsift {

struct SettingsBlock {
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  std::vector<std::string> unmapped;  // one entry per statement not understood
};

// True when every statement of `code` assigns an upper-case name (a settings snippet).
bool LooksLikeSettings(std::string_view code);

SettingsBlock ParseSettingsBlock(std::string_view code);

}  // namespace pocsift
