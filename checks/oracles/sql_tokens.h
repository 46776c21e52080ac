// A lexer for SQLite's quoting rules, enough to tell whether a piece of text sits wholly
// inside one quoted token: '…' string literals, "…", `…` and […] identifiers (doubled quotes
// escape), -- and /* */ comments. https://www.sqlite.org/lang_keywords.html
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pocsift {

enum class SqlTokenKind { kBare, kString, kIdentifier, kComment };

struct SqlSpan {
  SqlTokenKind kind;
  std::size_t begin;  // offset of the opening quote (or first character)
  std::size_t end;    // one past the closing quote (or last character)
};

// Splits `sql` into consecutive spans covering every byte. An unterminated quote or comment
// runs to the end. Linear time.
std::vector<SqlSpan> LexSql(std::string_view sql);

// Where the text at [offset, offset + length) lies: inside one string literal or quoted
// identifier (between its quotes), or not ("bare", "comment", or crossing tokens).
enum class SqlPlacement { kInsideString, kInsideIdentifier, kComment, kBare, kCrossesTokens };

SqlPlacement PlaceInSql(const std::vector<SqlSpan>& spans, std::size_t offset, std::size_t length);

const char* SqlPlacementName(SqlPlacement placement);

}  // namespace pocsift
