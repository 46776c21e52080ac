// Environment: the run's whole environment, rebuilt from an allow-list (nothing of the
// engine's or the helper's environment reaches it).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace pocsift::sandbox {

// The fixed part, always present:
//   PATH=/usr/bin:/bin  HOME=/pocsift/work  TMPDIR=/tmp  LANG=C.UTF-8  LC_ALL=C.UTF-8
//   PYTHONPATH=/pocsift/django  PYTHONDONTWRITEBYTECODE=1  PYTHONHASHSEED=0
//   PYTHONIOENCODING=utf-8
// PYTHONHASHSEED=0 makes dict/set order, and so a PoC's output, reproducible.
const std::map<std::string, std::string>& FixedEnvironment();

// True for names a request may add: DJANGO_SETTINGS_MODULE and POCSIFT_[A-Z0-9_]+.
bool IsAllowedExtraName(std::string_view name);

// The fixed entries plus `extra`, as "NAME=value" strings. Fails (kBadInput) on a name not
// allowed, one that would override a fixed entry, or a value with a NUL byte.
Result<std::vector<std::string>> BuildEnvironment(
    const std::map<std::string, std::string>& extra);

}  // namespace pocsift::sandbox
