#include "engine/runtimes.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/sha256.h"

namespace pocsift {
namespace {

Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<Runtime> ParseRuntime(const nlohmann::json& row) {
  try {
    return Runtime{row.at("id").get<std::string>(),
                   row.at("series").get<std::string>(),
                   row.at("django_version").get<std::string>(),
                   row.at("python_version").get<std::string>(),
                   row.at("rootfs_suite").get<std::string>(),
                   row.at("django_suite").get<std::string>(),
                   row.at("rootfs").get<std::string>(),
                   row.at("path").get<std::string>(),
                   row.at("objects_inv").get<std::string>(),
                   row.value("changelog", std::string())};
  } catch (const nlohmann::json::exception& e) {
    return Internal(std::string("runtime lock: ") + e.what());
  }
}

}  // namespace

std::string RuntimeCacheKey(std::string_view spec_bytes) {
  return Sha256Hex(spec_bytes).substr(0, 16);
}

Result<RuntimeSet> LoadRuntimes(const std::filesystem::path& home,
                                const std::filesystem::path& cache_root) {
  const auto spec_path = home / "fixtures" / "runtimes" / "runtimes.tsv";
  auto spec = ReadSmallFile(spec_path);
  if (!spec) return Unavailable("no runtime spec at " + spec_path.string());
  RuntimeSet set;
  set.key = RuntimeCacheKey(spec.value());
  set.lock_file = cache_root / "runtimes" / set.key / "runtimes.lock.json";
  auto lock = ReadSmallFile(set.lock_file);
  if (!lock)
    return Unavailable("the Django runtimes are not installed (" + set.lock_file.string() +
                       " is missing); run scripts/install-runtimes");
  const auto doc = nlohmann::json::parse(lock.value(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("runtimes") ||
      !doc["runtimes"].is_array())
    return Internal(set.lock_file.string() + " is malformed; delete it and run scripts/install-runtimes");
  for (const auto& row : doc["runtimes"]) {
    auto runtime = ParseRuntime(row);
    if (!runtime) return Internal(set.lock_file.string() + ": " + runtime.error().message);
    set.runtimes.push_back(std::move(runtime).value());
  }
  return set;
}

}  // namespace pocsift
