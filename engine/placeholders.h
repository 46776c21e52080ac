// Placeholders a bundle may write in request values: {{marker}}, {{xss}}, {{evil_host}} and
// {{size:N}} (docs/bundle-format.md). Each expands to a value of fixed length, so sizes
// measured before a run are the sizes the run sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pocsift {

struct PlaceholderValues {
  std::string marker;     // a unique token: "psm" + 16 hex digits
  std::string xss;        // an HTML/JS payload carrying the same nonce
  std::string evil_host;  // a host outside ALLOWED_HOSTS
};

// Values built from a 16-hex-digit nonce; every nonce gives values of the same lengths.
PlaceholderValues PlaceholdersForNonce(std::string_view nonce16);
// The stand-ins used to measure sizes (nonce "0000000000000000").
const PlaceholderValues& MeasurementPlaceholders();

// Replaces every placeholder in `text`. {{size:N}} becomes the decimal number N, or
// `size_override` when given (a point of a size sweep). Unknown {{…}} text is left as it is.
std::string ExpandPlaceholders(std::string_view text, const PlaceholderValues& values,
                               std::optional<std::uint64_t> size_override = std::nullopt);

// The largest N of any {{size:N}} in `text`, if there is one.
std::optional<std::uint64_t> LargestSizePlaceholder(std::string_view text);

}  // namespace pocsift
