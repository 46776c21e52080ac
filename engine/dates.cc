#include "engine/dates.h"

#include <charconv>
#include <cstdio>
#include <optional>

namespace pocsift {
namespace {

using namespace std::chrono;

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Error Malformed(std::string_view text) {
  return BadInput("\"" + std::string(text.substr(0, 64)) +
                  "\" is not a date (YYYY-MM-DD) or an RFC 3339 time (YYYY-MM-DDTHH:MM:SSZ)");
}

// Parses "Z" or "±HH:MM" at `pos` to an offset east of UTC.
std::optional<seconds> ParseOffset(std::string_view text, std::size_t pos) {
  if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) return seconds{0};
  if (pos + 6 != text.size() || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':')
    return std::nullopt;
  const auto h = Digits(text, pos + 1, 2), m = Digits(text, pos + 4, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  const seconds offset = hours{*h} + minutes{*m};
  return text[pos] == '-' ? -offset : offset;
}

}  // namespace

Result<Instant> ParseInstant(std::string_view text) {
  const auto y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !mo || !d || text[4] != '-' || text[7] != '-') return Malformed(text);
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                            day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return Malformed(text);
  if (text.size() == 10) return Instant{sys_days{date}};
  const auto h = Digits(text, 11, 2), mi = Digits(text, 14, 2);
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return Malformed(text);
  if (!h || !mi || text[13] != ':' || *h > 23 || *mi > 59) return Malformed(text);
  std::size_t pos = 16;
  int s = 0;
  if (pos < text.size() && text[pos] == ':') {
    const auto sec = Digits(text, pos + 1, 2);
    if (!sec || *sec > 60) return Malformed(text);
    s = *sec;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  const auto offset = ParseOffset(text, pos);
  if (!offset) return Malformed(text);
  return Instant{sys_days{date}} + hours{*h} + minutes{*mi} + seconds{s} - *offset;
}

Date UtcDate(Instant instant) { return Date{floor<days>(instant)}; }

Date AddWorkingDays(Date from, int days_to_add) {
  sys_days current{from};
  int added = 0;
  while (added < days_to_add) {
    current += days{1};
    const weekday wd{current};
    if (wd != Saturday && wd != Sunday) ++added;
  }
  return Date{current};
}

Date AddDays(Date from, int days_to_add) { return Date{sys_days{from} + days{days_to_add}}; }

std::string FormatDate(Date date) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return out;
}

std::string FormatInstant(Instant instant) {
  const auto day_start = floor<days>(instant);
  const hh_mm_ss time{instant - day_start};
  char out[32];
  std::snprintf(out, sizeof out, "%sT%02d:%02d:%02dZ", FormatDate(Date{day_start}).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

}  // namespace pocsift
