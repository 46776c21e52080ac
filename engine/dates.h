// Dates and times for the case record: parsing `received`, working-day and calendar arithmetic.
// All arithmetic is on UTC calendar dates; nothing here reads the clock.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace pocsift {

using Date = std::chrono::year_month_day;
using Instant = std::chrono::sys_seconds;

// Accepts "YYYY-MM-DD" (midnight UTC) and RFC 3339 date-times "YYYY-MM-DDTHH:MM[:SS[.frac]]"
// followed by "Z" or "±HH:MM". Refuses impossible dates and anything else with a message.
Result<Instant> ParseInstant(std::string_view text);

Date UtcDate(Instant instant);
// `days` Monday-to-Friday days after `from` (public holidays are out of scope, see policy.md).
Date AddWorkingDays(Date from, int days);
Date AddDays(Date from, int days);

std::string FormatDate(Date date);          // "2026-11-25"
std::string FormatInstant(Instant instant);  // "2026-11-20T09:30:00Z"

}  // namespace pocsift
