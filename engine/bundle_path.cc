#include "engine/bundle_path.h"

#include <vector>

#include "engine/utf8.h"

namespace pocsift {
namespace {

std::vector<std::string_view> SplitOnSlash(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    const std::size_t stop = end == std::string_view::npos ? path.size() : end;
    parts.push_back(path.substr(start, stop - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string Quote(std::string_view raw) {
  std::string out = "\"";
  for (const char c : raw.substr(0, 200)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || byte >= 0x80) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (raw.size() > 200) out += "...";
  return out + "\"";
}

std::string Join(const std::vector<std::string_view>& parts) {
  std::string out;
  for (const auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

Status CheckCharacters(std::string_view raw) {
  if (FindInvalidUtf8(raw)) return BadInput("path " + Quote(raw) + " is not valid UTF-8");
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f)
      return BadInput("path " + Quote(raw) + " contains a control character");
    if (c == '\\') return BadInput("path " + Quote(raw) + " contains a backslash");
  }
  return {};
}

}  // namespace

Result<std::string> NormalizeBundlePath(std::string_view raw, const BundleLimits& limits) {
  if (raw.empty()) return BadInput("an empty path names no file");
  if (raw.size() > limits.max_path_bytes)
    return BadInput("path " + Quote(raw) + " is longer than " +
                    std::to_string(limits.max_path_bytes) + " bytes");
  if (auto status = CheckCharacters(raw); !status) return status.error();
  if (raw.starts_with('/')) return BadInput("path " + Quote(raw) + " is absolute");
  std::vector<std::string_view> kept;
  const auto parts = SplitOnSlash(raw);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto part = parts[i];
    if (part == "..") return BadInput("path " + Quote(raw) + " leaves the bundle (\"..\")");
    const bool leading_dot = part == "." && kept.empty();
    const bool trailing_empty = part.empty() && i + 1 == parts.size() && !kept.empty();
    if (leading_dot || trailing_empty) continue;
    if (part.empty() || part == ".")
      return BadInput("path " + Quote(raw) + " has an empty or \".\" component");
    kept.push_back(part);
  }
  if (kept.empty()) return BadInput("path " + Quote(raw) + " names no file");
  if (kept.size() > limits.max_path_depth)
    return BadInput("path " + Quote(raw) + " is nested deeper than " +
                    std::to_string(limits.max_path_depth) + " folders");
  return Join(kept);
}

Result<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target,
                                      const BundleLimits& limits) {
  const std::string where = "link " + Quote(link_path) + " -> " + Quote(target);
  if (auto status = CheckCharacters(target); !status) return BadInput(where + ": bad target");
  if (target.starts_with('/')) return BadInput(where + " leaves the bundle (absolute target)");
  auto parts = SplitOnSlash(link_path);
  parts.pop_back();  // the link's own name
  for (const auto part : SplitOnSlash(target)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return BadInput(where + " leaves the bundle");
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) return BadInput(where + " points at the bundle's root");
  return NormalizeBundlePath(Join(parts), limits);
}

}  // namespace pocsift
