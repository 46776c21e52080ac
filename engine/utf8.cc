#include "engine/utf8.h"

#include <algorithm>

namespace pocsift {
namespace {

// Length of the sequence that starts with `lead`, and the allowed range of the second byte
// (Unicode 15, table 3-7 "Well-Formed UTF-8 Byte Sequences").
struct SequenceShape {
  int length;
  unsigned char second_min;
  unsigned char second_max;
};

std::optional<SequenceShape> ShapeOf(unsigned char lead) {
  if (lead >= 0xc2 && lead <= 0xdf) return SequenceShape{2, 0x80, 0xbf};
  if (lead == 0xe0) return SequenceShape{3, 0xa0, 0xbf};
  if ((lead >= 0xe1 && lead <= 0xec) || lead == 0xee || lead == 0xef)
    return SequenceShape{3, 0x80, 0xbf};
  if (lead == 0xed) return SequenceShape{3, 0x80, 0x9f};  // no surrogates
  if (lead == 0xf0) return SequenceShape{4, 0x90, 0xbf};
  if (lead >= 0xf1 && lead <= 0xf3) return SequenceShape{4, 0x80, 0xbf};
  if (lead == 0xf4) return SequenceShape{4, 0x80, 0x8f};  // nothing above U+10FFFF
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    const auto shape = ShapeOf(lead);
    if (!shape || i + static_cast<std::size_t>(shape->length) > bytes.size()) return i;
    const auto second = static_cast<unsigned char>(bytes[i + 1]);
    if (second < shape->second_min || second > shape->second_max) return i;
    for (int k = 2; k < shape->length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(k)]);
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += static_cast<std::size_t>(shape->length);
  }
  return std::nullopt;
}

std::string_view Utf8Slice(std::string_view text, std::size_t begin, std::size_t length) {
  if (begin >= text.size()) return {};
  std::size_t end = begin + std::min(length, text.size() - begin);
  const auto continuation = [&](std::size_t i) {
    return (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80;
  };
  while (begin < end && continuation(begin)) ++begin;
  // text[end] is the first byte left out: if it continues a character, leave that one out whole.
  while (end > begin && end < text.size() && continuation(end)) --end;
  return text.substr(begin, end - begin);
}

}  // namespace pocsift
