#include "engine/affected_versions.h"

#include <algorithm>

namespace pocsift {

std::vector<AffectedRow> AffectedVersions(const std::vector<Runtime>& runtimes,
                                          const ReleaseTable& releases, Date received) {
  std::vector<AffectedRow> rows;
  for (const auto& runtime : runtimes) {
    AffectedRow row;
    row.series = runtime.series;
    row.version = runtime.django_version;
    row.runtime = runtime.id;
    row.supported = releases.IsSupported(runtime.series, received);
    row.note = "Debian " + runtime.django_suite + ", Python " + runtime.python_version;
    rows.push_back(std::move(row));
  }
  for (const SeriesInfo* info : releases.SupportedOn(received)) {
    const bool has_runtime = std::any_of(runtimes.begin(), runtimes.end(),
                                         [&](const Runtime& r) { return r.series == info->series; });
    if (has_runtime) continue;
    AffectedRow row;
    row.series = info->series;
    row.supported = true;
    row.note = "supported, but no runtime here: not tested";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace pocsift
