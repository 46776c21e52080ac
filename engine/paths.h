// Where pocsift finds its own files and its machine-level cache.
#pragma once

#include <filesystem>

namespace pocsift {

// The checkout pocsift runs from (fixtures/, the harness): $POCSIFT_HOME, or the source tree the
// binary was built from.
std::filesystem::path PocsiftHome();

// The machine-level cache, outside any checkout: $POCSIFT_CACHE, or $HOME/.cache/pocsift.
std::filesystem::path CacheRoot();

}  // namespace pocsift
