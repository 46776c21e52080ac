// The affected-versions table of a case: one row per runtime here (two for 4.2), and one per
// series supported on the received date that has no runtime here (tested: false).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/dates.h"
#include "engine/releases.h"
#include "engine/runtimes.h"

namespace pocsift {

struct AffectedRow {
  std::string series;
  std::optional<std::string> version;  // exact Django version; none without a runtime
  std::optional<std::string> runtime;  // runtime id
  bool supported = false;              // on the received date
  bool tested = false;
  std::optional<bool> reproduced;  // none when not tested
  bool flaky = false;
  std::string note;
};

std::vector<AffectedRow> AffectedVersions(const std::vector<Runtime>& runtimes,
                                          const ReleaseTable& releases, Date received);

}  // namespace pocsift
