// Terminal styling for pocsift's human output: whether to colour, and the few styles it uses.
//
// Colour is on only when the stream is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and the user did not pass --no-color. Everything else (files, pipes,
// CI logs) gets plain text, byte for byte the same as with colour stripped.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace pocsift {

// True when `stream` is a terminal (isatty on its descriptor).
bool IsTerminal(std::FILE* stream);

// The colour decision for one stream: --no-color, then NO_COLOR, then the TTY test.
bool ColorWanted(std::FILE* stream, bool no_color_flag);

enum class Style { kBold, kDim, kRed, kGreen, kYellow, kCyan };

// Wraps text in SGR escape codes when `color` is true; returns it unchanged otherwise.
class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(Style style, std::string_view text) const;
  bool color() const { return color_; }

 private:
  bool color_;
};

}  // namespace pocsift
