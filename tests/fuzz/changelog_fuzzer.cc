// ChangelogCves(): a runtime's changelog.Debian.gz. The first input byte chooses how the rest
// is stored: odd, gzip-compressed (what Debian ships); even, as it is (a corrupt or plain file).
// Property: every id returned is a CVE id, sorted and unique.
#include <algorithm>
#include <cstdlib>

#include "engine/fixed_range.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pocsift;
  if (size == 0) return 0;
  static const fuzz::ScratchFile file("changelog.Debian.gz");
  const std::string_view rest = fuzz::AsText(data + 1, size - 1);
  const auto ids = ChangelogCves(file.Write((data[0] & 1) ? fuzz::Gzip(rest) : std::string(rest)));
  if (!std::is_sorted(ids.begin(), ids.end()) ||
      std::adjacent_find(ids.begin(), ids.end()) != ids.end())
    std::abort();
  for (const auto& id : ids)
    if (!id.starts_with("CVE-") || id.size() < 13 || id.size() > 16) std::abort();
  return 0;
}
