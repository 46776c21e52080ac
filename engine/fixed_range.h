// The fixed range of a reproduction (as ClusterFuzz does for builds): the newest Django release
// here that reproduces and the oldest newer one that does not, with the CVE ids that the fixed
// release's Debian changelog names and the affected one's does not — candidates for "already
// fixed" or "duplicate of".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/affected_versions.h"
#include "engine/runtimes.h"

namespace pocsift {

struct FixedRange {
  std::string last_affected;  // Django version
  std::string first_fixed;
  std::vector<std::string> candidate_cves;
  nlohmann::ordered_json ToJson() const;
};

// nullopt when nothing reproduced, or no newer runtime was free of it.
std::optional<FixedRange> FindFixedRange(const std::vector<AffectedRow>& affected,
                                         const std::vector<Runtime>& runtimes);

// Every CVE id in the gzip-compressed Debian changelog at `path` (empty if unreadable).
std::vector<std::string> ChangelogCves(const std::filesystem::path& path);

// -1, 0 or 1 as Django version `a` sorts before, with, or after `b` ("4.2.21" < "4.2.28").
int CompareVersions(const std::string& a, const std::string& b);

}  // namespace pocsift
