#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/paths.h"
#include "engine/releases.h"
#include "engine/runtimes.h"

namespace pocsift {

int RunRuntimesCommand(const RuntimesCommandOptions& options) {
  auto set = LoadRuntimes(PocsiftHome(), CacheRoot());
  if (!set) {
    std::cerr << "pocsift: " << set.error().message << "\n";
    return kExitEngineFailed;
  }
  const Date today = UtcDate(std::chrono::floor<std::chrono::seconds>(
      std::chrono::system_clock::now()));
  const ReleaseTable& releases = ReleaseTable::Default();
  if (options.json) {
    auto rows = nlohmann::ordered_json::array();
    for (const auto& r : set.value().runtimes) {
      rows.push_back({{"id", r.id}, {"series", r.series}, {"django_version", r.django_version},
                      {"python_version", r.python_version}, {"django_suite", r.django_suite},
                      {"rootfs_suite", r.rootfs_suite}, {"path", r.path.string()},
                      {"supported_today", releases.IsSupported(r.series, today)}});
    }
    std::cout << rows.dump(2) << "\n";
    return kExitEligible;
  }
  std::printf("%-11s %-6s %-9s %-7s %-19s %-10s %s\n", "RUNTIME", "SERIES", "DJANGO", "PYTHON",
              "SUITE", "SUPPORTED", "PATH");
  for (const auto& r : set.value().runtimes) {
    std::printf("%-11s %-6s %-9s %-7s %-19s %-10s %s\n", r.id.c_str(), r.series.c_str(),
                r.django_version.c_str(), r.python_version.c_str(), r.django_suite.c_str(),
                releases.IsSupported(r.series, today) ? "yes" : "no", r.path.c_str());
  }
  std::printf("supported today (%s) per fixtures/releases.json; lock: %s\n",
              FormatDate(today).c_str(), set.value().lock_file.c_str());
  return kExitEligible;
}

}  // namespace pocsift
