#include "engine/fixed_range.h"

#include <archive.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <sstream>

namespace pocsift {
namespace {

constexpr std::size_t kMaxChangelogBytes = 8u << 20;

std::vector<long> VersionParts(const std::string& version) {
  std::vector<long> parts;
  std::stringstream in(version);
  std::string piece;
  while (std::getline(in, piece, '.')) parts.push_back(std::strtol(piece.c_str(), nullptr, 10));
  return parts;
}

// The decompressed text of a .gz file, read with libarchive's raw format.
std::string ReadGzip(const std::filesystem::path& path) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_raw(a.get());
  archive_entry* entry = nullptr;
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK ||
      archive_read_next_header(a.get(), &entry) != ARCHIVE_OK)
    return "";
  std::string text;
  std::array<char, 64 * 1024> buffer{};
  for (la_ssize_t n; (n = archive_read_data(a.get(), buffer.data(), buffer.size())) > 0;) {
    text.append(buffer.data(), static_cast<std::size_t>(n));
    if (text.size() > kMaxChangelogBytes) break;
  }
  return text;
}

const Runtime* RuntimeOf(const std::vector<Runtime>& runtimes, const std::string& id) {
  for (const auto& r : runtimes)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace

int CompareVersions(const std::string& a, const std::string& b) {
  const auto pa = VersionParts(a), pb = VersionParts(b);
  if (pa == pb) return 0;
  return std::lexicographical_compare(pa.begin(), pa.end(), pb.begin(), pb.end()) ? -1 : 1;
}

std::vector<std::string> ChangelogCves(const std::filesystem::path& path) {
  static const RE2 kCve("(CVE-[0-9]{4}-[0-9]{4,7})");
  const std::string text = ReadGzip(path);
  std::set<std::string> ids;
  re2::StringPiece input(text);
  std::string id;
  while (RE2::FindAndConsume(&input, kCve, &id)) ids.insert(id);
  return {ids.begin(), ids.end()};
}

std::optional<FixedRange> FindFixedRange(const std::vector<AffectedRow>& affected,
                                         const std::vector<Runtime>& runtimes) {
  const AffectedRow* last_affected = nullptr;
  for (const auto& row : affected) {
    if (!row.version || !row.reproduced.value_or(false)) continue;
    if (!last_affected || CompareVersions(*row.version, *last_affected->version) > 0) last_affected = &row;
  }
  if (!last_affected) return std::nullopt;
  const AffectedRow* first_fixed = nullptr;
  for (const auto& row : affected) {
    if (!row.version || !row.tested || row.reproduced.value_or(true)) continue;
    if (CompareVersions(*row.version, *last_affected->version) <= 0) continue;
    if (!first_fixed || CompareVersions(*row.version, *first_fixed->version) < 0) first_fixed = &row;
  }
  if (!first_fixed) return std::nullopt;
  FixedRange range{*last_affected->version, *first_fixed->version, {}};
  const Runtime* fixed = RuntimeOf(runtimes, first_fixed->runtime.value_or(""));
  const Runtime* broken = RuntimeOf(runtimes, last_affected->runtime.value_or(""));
  if (!fixed || !broken || fixed->changelog.empty() || broken->changelog.empty()) return range;
  const auto before = ChangelogCves(broken->changelog);
  for (const auto& id : ChangelogCves(fixed->changelog))
    if (!std::binary_search(before.begin(), before.end(), id)) range.candidate_cves.push_back(id);
  return range;
}

nlohmann::ordered_json FixedRange::ToJson() const {
  return {{"last_affected", last_affected},
          {"first_fixed", first_fixed},
          {"candidate_cves", candidate_cves}};
}

}  // namespace pocsift
