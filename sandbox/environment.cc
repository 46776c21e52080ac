#include "sandbox/environment.h"

namespace pocsift::sandbox {

const std::map<std::string, std::string>& FixedEnvironment() {
  static const std::map<std::string, std::string> env = {
      {"PATH", "/usr/bin:/bin"},
      {"HOME", "/pocsift/work"},
      {"TMPDIR", "/tmp"},
      {"LANG", "C.UTF-8"},
      {"LC_ALL", "C.UTF-8"},
      {"PYTHONPATH", "/pocsift/django"},
      {"PYTHONDONTWRITEBYTECODE", "1"},
      {"PYTHONHASHSEED", "0"},
      {"PYTHONIOENCODING", "utf-8"},
  };
  return env;
}

bool IsAllowedExtraName(std::string_view name) {
  if (name == "DJANGO_SETTINGS_MODULE") return true;
  constexpr std::string_view kPrefix = "POCSIFT_";
  if (!name.starts_with(kPrefix) || name.size() == kPrefix.size()) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Result<std::vector<std::string>> BuildEnvironment(
    const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (const auto& [name, value] : FixedEnvironment()) env.push_back(name + "=" + value);
  for (const auto& [name, value] : extra) {
    if (!IsAllowedExtraName(name)) {
      return BadInput("sandbox environment: \"" + name +
                      "\" is not allowed (only DJANGO_SETTINGS_MODULE and POCSIFT_*)");
    }
    if (value.find('\0') != std::string::npos) {
      return BadInput("sandbox environment: the value of " + name + " contains a NUL byte");
    }
    env.push_back(name + "=" + value);
  }
  return env;
}

}  // namespace pocsift::sandbox
