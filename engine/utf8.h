// UTF-8 validation for bytes that come from a bundle (paths, the manifest, reports).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pocsift {

// Returns the offset of the first byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all of
// `bytes` is well formed. Linear time, no allocation.
std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes);

}  // namespace pocsift
