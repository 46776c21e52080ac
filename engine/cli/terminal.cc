#include "engine/cli/terminal.h"

#include <unistd.h>

#include <cstdlib>

namespace pocsift {
namespace {

std::string_view Code(Style style) {
  switch (style) {
    case Style::kBold:
      return "1";
    case Style::kDim:
      return "2";
    case Style::kRed:
      return "31";
    case Style::kGreen:
      return "32";
    case Style::kYellow:
      return "33";
    case Style::kCyan:
      return "36";
  }
  return "0";
}

}  // namespace

bool IsTerminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

bool ColorWanted(std::FILE* stream, bool no_color_flag) {
  if (no_color_flag) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return IsTerminal(stream);
}

std::string Painter::operator()(Style style, std::string_view text) const {
  if (!color_) return std::string(text);
  std::string out = "\033[";
  out += Code(style);
  out += 'm';
  out += text;
  out += "\033[0m";
  return out;
}

}  // namespace pocsift
