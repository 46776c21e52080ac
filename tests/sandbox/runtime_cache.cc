#include "tests/sandbox/runtime_cache.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

namespace pocsift::sandbox::testing {
namespace {

std::optional<std::filesystem::path> LockFile() {
  std::filesystem::path cache;
  if (const char* env = std::getenv("POCSIFT_CACHE"); env && *env) {
    cache = env;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    cache = std::filesystem::path(home) / ".cache/pocsift";
  } else {
    return std::nullopt;
  }
  std::error_code ec;
  std::optional<std::filesystem::path> newest;
  std::filesystem::file_time_type newest_time;
  for (const auto& entry : std::filesystem::directory_iterator(cache / "runtimes", ec)) {
    const auto lock = entry.path() / "runtimes.lock.json";
    if (!std::filesystem::is_regular_file(lock, ec)) continue;
    const auto time = std::filesystem::last_write_time(lock, ec);
    if (!newest || time > newest_time) {
      newest = lock;
      newest_time = time;
    }
  }
  return newest;
}

}  // namespace

bool RuntimeCacheExists() { return LockFile().has_value(); }

std::optional<TestRuntime> RuntimeForPython(const std::string& major_minor) {
  const auto lock = LockFile();
  if (!lock) return std::nullopt;
  std::ifstream in(*lock);
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.contains("runtimes") || !json["runtimes"].is_array()) {
    return std::nullopt;
  }
  for (const auto& r : json["runtimes"]) {
    if (!r.is_object()) continue;
    const std::string version = r.value("python_version", "");
    if (version != major_minor && !version.starts_with(major_minor + ".")) continue;
    return TestRuntime{r.value("id", ""), r.value("python_version", ""),
                       r.value("rootfs", ""), r.value("path", "")};
  }
  return std::nullopt;
}

}  // namespace pocsift::sandbox::testing
