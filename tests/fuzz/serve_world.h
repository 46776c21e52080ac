// The world the serve target's requests meet (tests/fuzz/serve_fuzzer.cc), shared with the
// seeds that address it (fuzz_seeds.cc) and repeated in dict/serve.dict: four principals and
// two cases of the submitter "intake", one queued and one done with a record.
#pragma once

#include <array>
#include <string_view>

namespace pocsift::fuzz::serve_world {

struct Caller {
  std::string_view name;
  std::string_view roles;
  std::string_view token;
};

// "intake" owns the cases; "outsider" is another submitter, who must never learn of them.
inline constexpr std::array<Caller, 4> kCallers = {{
    {"intake", "submit", "intake-token-0123456789abcdef0123456789"},
    {"outsider", "submit", "outsider-token-0123456789abcdef01234567"},
    {"triager", "read", "triager-token-0123456789abcdef012345678"},
    {"admin", "admin", "admin-token-0123456789abcdef0123456789ab"},
}};
inline constexpr std::string_view kOwner = "intake";

struct SeededCase {
  std::string_view id;
  std::string_view link_key;
};

inline constexpr SeededCase kQueued = {"s-00000000000a",
                                       "1111111111111111111111111111111111111111111111111111111111111111"};
inline constexpr SeededCase kDone = {"s-00000000000b",
                                     "2222222222222222222222222222222222222222222222222222222222222222"};

}  // namespace pocsift::fuzz::serve_world
