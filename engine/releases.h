// The release table (fixtures/releases.json): each Django series with its release date and end
// of support, and which series are supported on a given date. Data, not code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/dates.h"

namespace pocsift {

struct SeriesInfo {
  std::string series;  // "5.2", or "main" for the development branch
  Date released;
  std::optional<Date> end_of_support;  // none for "main"
  bool lts = false;
};

class ReleaseTable {
 public:
  explicit ReleaseTable(std::vector<SeriesInfo> series) : series_(std::move(series)) {}

  // The table compiled into the binary.
  static const ReleaseTable& Default();

  // nullptr when the table does not know `series`.
  const SeriesInfo* Find(std::string_view series) const;
  // Released on or before `date` and not past its end of support on `date`.
  bool IsSupported(std::string_view series, Date date) const;
  // Every series supported on `date`, in table order.
  std::vector<const SeriesInfo*> SupportedOn(Date date) const;

 private:
  std::vector<SeriesInfo> series_;
};

}  // namespace pocsift
