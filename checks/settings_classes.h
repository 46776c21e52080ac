// The class of each settings override a bundle applies (design.md): limits raised, DEBUG on,
// an uncommon or insecure option, or ordinary application configuration. The lists are data
// (checks/data/settings.json), each class with the Django documentation that motivates it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pocsift {

enum class SettingClass { kOrdinary, kLimits, kDebug, kUncommon };

const char* SettingClassName(SettingClass setting_class);  // ordinary | limits | debug | uncommon

// The class of `name` = `value`. Value matters: DEBUG = False and a limit lowered are ordinary;
// ALLOWED_HOSTS without "*", MIDDLEWARE that keeps every security middleware, and TEMPLATES
// without autoescape off are ordinary too.
SettingClass ClassifySetting(const std::string& name, const nlohmann::ordered_json& value);

// The overrides of `settings` grouped by class (ordinary included).
std::map<SettingClass, std::vector<std::string>> ClassifySettings(
    const nlohmann::ordered_json& settings);

// `settings` without the overrides of the given classes.
nlohmann::ordered_json WithoutClasses(const nlohmann::ordered_json& settings,
                                      const std::vector<SettingClass>& classes);

}  // namespace pocsift
