// ParseInstant(): the manifest's "received" and --received. Property: an accepted instant in
// years 1..9998 prints (FormatInstant) as text that parses back to the same instant.
#include <cstdlib>

#include "engine/dates.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift;
  const auto instant = ParseInstant(fuzz::AsText(data, size));
  if (!instant) {
    if (instant.error().kind != ErrorKind::kBadInput) std::abort();
    return 0;
  }
  const int year = static_cast<int>(UtcDate(instant.value()).year());
  if (year < 1 || year > 9998) return 0;
  const auto again = ParseInstant(FormatInstant(instant.value()));
  if (!again || again.value() != instant.value()) std::abort();
  (void)AddWorkingDays(UtcDate(instant.value()), 5);
  return 0;
}
