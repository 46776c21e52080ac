// UTF-8 validation for bytes that come from a bundle (paths, the manifest, reports), and cuts
// that keep text well-formed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pocsift {

// Returns the offset of the first byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all of
// `bytes` is well formed. Linear time, no allocation.
std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes);

// The bytes of `text` in [begin, begin + length), moved inward to whole characters: a cut
// never splits a multi-byte sequence, so a slice of well-formed UTF-8 is well-formed (and
// JSON can hold it). For excerpts of what a run recorded (SQL, bodies, log messages).
std::string_view Utf8Slice(std::string_view text, std::size_t begin, std::size_t length);

}  // namespace pocsift
