// Splits a shell command line from a report into words, as POSIX sh would for a simple
// command: '…' and "…" quoting, $'…' (ANSI-C) quoting, backslash escapes and
// backslash-newline continuations. No expansion is performed ($VAR stays as written). The
// command ends at an unquoted ';', '|', '&', '<', '>' or '#' at the start of a word; what
// follows is returned in `rest` for the caller to note.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace pocsift {

struct ShellCommand {
  std::vector<std::string> words;
  std::string rest;  // the text after an operator that ended the command, trimmed
};

// Fails (kBadInput) on an unbalanced quote or a trailing lone backslash, naming which.
Result<ShellCommand> SplitShellWords(std::string_view line);

}  // namespace pocsift
