#include "checks/settings_classes.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "engine/embedded_data.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

const nlohmann::json& Data() {
  static const nlohmann::json kData = [] {
    try {
      return nlohmann::json::parse(EmbeddedFile("checks/data/settings.json").value());
    } catch (const std::exception& e) {
      std::cerr << "pocsift: the embedded settings classes are malformed: " << e.what() << "\n";
      std::abort();
    }
  }();
  return kData;
}

bool Contains(const nlohmann::json& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool RaisesLimit(const std::string& name, const Json& value) {
  const auto& defaults = Data()["limits"]["defaults"];
  if (!defaults.contains(name)) return false;
  if (value.is_null()) return true;  // None disables the check
  return value.is_number() && value.get<double>() > defaults[name].get<double>();
}

bool WeakensMiddleware(const Json& value) {
  if (!value.is_array()) return true;
  for (const auto& required : Data()["uncommon"]["middleware_required"]) {
    if (std::find(value.begin(), value.end(), required.get<std::string>()) == value.end())
      return true;
  }
  return false;
}

bool DisablesAutoescape(const Json& templates) {
  if (!templates.is_array()) return true;
  for (const auto& engine : templates) {
    if (!engine.is_object()) return true;
    const auto options = engine.find("OPTIONS");
    if (options != engine.end() && options->is_object() && options->contains("autoescape") &&
        (*options)["autoescape"] == false)
      return true;
  }
  return false;
}

bool IsUncommon(const std::string& name, const Json& value) {
  if (!Contains(Data()["uncommon"]["names"], name)) return false;
  if (name == "ALLOWED_HOSTS")
    return !value.is_array() || std::find(value.begin(), value.end(), "*") != value.end();
  if (name == "MIDDLEWARE") return WeakensMiddleware(value);
  if (name == "TEMPLATES") return DisablesAutoescape(value);
  return true;
}

}  // namespace

const char* SettingClassName(SettingClass setting_class) {
  switch (setting_class) {
    case SettingClass::kOrdinary:
      return "ordinary";
    case SettingClass::kLimits:
      return "limits";
    case SettingClass::kDebug:
      return "debug";
    case SettingClass::kUncommon:
      return "uncommon";
  }
  return "ordinary";
}

SettingClass ClassifySetting(const std::string& name, const Json& value) {
  if (RaisesLimit(name, value)) return SettingClass::kLimits;
  if (Contains(Data()["debug"]["names"], name)) {
    return value == false ? SettingClass::kOrdinary : SettingClass::kDebug;
  }
  if (IsUncommon(name, value)) return SettingClass::kUncommon;
  return SettingClass::kOrdinary;
}

std::map<SettingClass, std::vector<std::string>> ClassifySettings(const Json& settings) {
  std::map<SettingClass, std::vector<std::string>> classes;
  if (!settings.is_object()) return classes;
  for (const auto& [name, value] : settings.items())
    classes[ClassifySetting(name, value)].push_back(name);
  return classes;
}

Json WithoutClasses(const Json& settings, const std::vector<SettingClass>& classes) {
  Json kept = Json::object();
  if (!settings.is_object()) return kept;
  for (const auto& [name, value] : settings.items()) {
    const SettingClass c = ClassifySetting(name, value);
    if (std::find(classes.begin(), classes.end(), c) == classes.end()) kept[name] = value;
  }
  return kept;
}

}  // namespace pocsift
