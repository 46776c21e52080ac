// Percent-encoding (RFC 3986 §2.1): unreserved bytes (ALPHA DIGIT - . _ ~) and the bytes of
// `keep` stay as they are; every other byte becomes %XX with upper-case hex.
#pragma once

#include <string>
#include <string_view>

namespace pocsift {

std::string PercentEncode(std::string_view text, std::string_view keep = "");

}  // namespace pocsift
