// Path safety for names that come from a bundle (folder entries, archive members, links).
//
// A bundle path is relative, '/'-separated, well-formed UTF-8 without control characters, and
// never leaves the bundle. These functions only look at strings; they never touch the disk.
#pragma once

#include <string>
#include <string_view>

#include "engine/bundle_limits.h"
#include "engine/result.h"

namespace pocsift {

// Validates `raw` (an archive member name or a joined folder path) and returns its canonical
// form: leading "./" and trailing "/" removed. Refuses absolute paths, "..", empty or "."
// components in the middle, backslashes, NUL and control characters, invalid UTF-8, and
// paths longer or deeper than `limits` allow. Error messages quote the offending name.
Result<std::string> NormalizeBundlePath(std::string_view raw, const BundleLimits& limits);

// Resolves the target of a symbolic link stored at `link_path` (canonical) lexically,
// relative to the link's folder. Fails when the target is absolute or climbs out of the
// bundle; returns the canonical path of the target otherwise.
Result<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target,
                                      const BundleLimits& limits);

}  // namespace pocsift
