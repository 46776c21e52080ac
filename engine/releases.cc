#include "engine/releases.h"

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/embedded_data.h"

namespace pocsift {
namespace {

Date DateOrDie(const std::string& text) {
  auto instant = ParseInstant(text);
  if (!instant) throw std::invalid_argument(instant.error().message);
  return UtcDate(instant.value());
}

std::vector<SeriesInfo> ParseTable(std::string_view text) {
  const auto doc = nlohmann::json::parse(text);
  std::vector<SeriesInfo> table;
  for (const auto& row : doc.at("series")) {
    SeriesInfo info{row.at("series").get<std::string>(),
                    DateOrDie(row.at("released").get<std::string>()), std::nullopt,
                    row.value("lts", false)};
    if (!row.at("end_of_support").is_null())
      info.end_of_support = DateOrDie(row.at("end_of_support").get<std::string>());
    table.push_back(std::move(info));
  }
  return table;
}

}  // namespace

const ReleaseTable& ReleaseTable::Default() {
  static const ReleaseTable kTable = [] {
    try {
      return ReleaseTable(ParseTable(EmbeddedFile("fixtures/releases.json").value()));
    } catch (const std::exception& e) {
      std::cerr << "pocsift: the embedded release table is malformed: " << e.what() << "\n";
      std::abort();
    }
  }();
  return kTable;
}

const SeriesInfo* ReleaseTable::Find(std::string_view series) const {
  for (const auto& info : series_) {
    if (info.series == series) return &info;
  }
  return nullptr;
}

bool ReleaseTable::IsSupported(std::string_view series, Date date) const {
  const SeriesInfo* info = Find(series);
  if (info == nullptr) return false;
  const std::chrono::sys_days day{date};
  if (day < std::chrono::sys_days{info->released}) return false;
  return !info->end_of_support || day <= std::chrono::sys_days{*info->end_of_support};
}

std::vector<const SeriesInfo*> ReleaseTable::SupportedOn(Date date) const {
  std::vector<const SeriesInfo*> supported;
  for (const auto& info : series_) {
    if (IsSupported(info.series, date)) supported.push_back(&info);
  }
  return supported;
}

}  // namespace pocsift
