#include "engine/one_line.h"

#include "engine/utf8.h"

namespace pocsift {
namespace {

void Escape(unsigned char byte, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      Escape(byte, out);
      ++i;
      continue;
    }
    if (byte < 0x80) {
      out += text[i++];
      continue;
    }
    // A multi-byte sequence: keep it when well formed, escape its lead byte otherwise.
    const std::size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    const std::string_view sequence = text.substr(i, length);
    if (sequence.size() == length && !FindInvalidUtf8(sequence)) {
      out += sequence;
      i += length;
    } else {
      Escape(byte, out);
      ++i;
    }
  }
  return out;
}

}  // namespace pocsift
