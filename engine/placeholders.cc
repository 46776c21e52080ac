#include "engine/placeholders.h"

#include <algorithm>
#include <charconv>

namespace pocsift {
namespace {

constexpr std::string_view kSizeOpen = "{{size:";
constexpr std::size_t kMaxSizeDigits = 15;

// Parses "{{size:N}}" at the start of `text`; returns N and the placeholder's length.
std::optional<std::pair<std::uint64_t, std::size_t>> SizeAt(std::string_view text) {
  if (!text.starts_with(kSizeOpen)) return std::nullopt;
  // Look for the "}}" only as far as the longest N allows: searching the whole rest made
  // "{{size:" repeated without a close quadratic (minutes for a 1 MB manifest).
  const std::size_t close = text.substr(0, kSizeOpen.size() + kMaxSizeDigits + 2)
                                .find("}}", kSizeOpen.size());
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view digits = text.substr(kSizeOpen.size(), close - kSizeOpen.size());
  if (digits.empty() || digits.size() > kMaxSizeDigits) return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return std::make_pair(n, close + 2);
}

}  // namespace

PlaceholderValues PlaceholdersForNonce(std::string_view nonce16) {
  const std::string nonce(nonce16);
  return {"psm" + nonce, "<script>pocsift_xss(\"" + nonce + "\")</script>",
          "evil-" + nonce + ".pocsift.invalid"};
}

const PlaceholderValues& MeasurementPlaceholders() {
  static const PlaceholderValues kValues = PlaceholdersForNonce("0000000000000000");
  return kValues;
}

std::string ExpandPlaceholders(std::string_view text, const PlaceholderValues& values,
                               std::optional<std::uint64_t> size_override) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view rest = text.substr(open);
    std::size_t consumed = 2;
    if (rest.starts_with("{{marker}}")) {
      out += values.marker, consumed = 10;
    } else if (rest.starts_with("{{xss}}")) {
      out += values.xss, consumed = 7;
    } else if (rest.starts_with("{{evil_host}}")) {
      out += values.evil_host, consumed = 13;
    } else if (const auto size = SizeAt(rest)) {
      out += std::to_string(size_override.value_or(size->first)), consumed = size->second;
    } else {
      out += "{{";
    }
    i = open + consumed;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::optional<std::uint64_t> LargestSizePlaceholder(std::string_view text) {
  std::optional<std::uint64_t> largest;
  for (std::size_t at = text.find(kSizeOpen); at != std::string_view::npos;
       at = text.find(kSizeOpen, at + 1)) {
    if (const auto size = SizeAt(text.substr(at)))
      largest = std::max(largest.value_or(0), size->first);
  }
  return largest;
}

}  // namespace pocsift
