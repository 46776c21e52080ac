// Makes text from a bundle safe to print as one line of a message: control characters and
// bytes that are not UTF-8 become \xNN, so a hostile name can neither break the line nor
// forge another "pocsift:" line on a terminal or in a log.
#pragma once

#include <string>
#include <string_view>

namespace pocsift {

std::string OneLine(std::string_view text);

}  // namespace pocsift
