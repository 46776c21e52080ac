#include "checks/oracles/sql_tokens.h"

namespace pocsift {
namespace {

// Index one past the quote that closes the token opened at `begin` with `close`; a doubled
// closing quote is an escaped quote, not the end.
std::size_t QuotedEnd(std::string_view sql, std::size_t begin, char close) {
  std::size_t i = begin + 1;
  while (i < sql.size()) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return sql.size();
}

std::size_t CommentEnd(std::string_view sql, std::size_t begin) {
  if (sql[begin] == '-') {
    const std::size_t newline = sql.find('\n', begin);
    return newline == std::string_view::npos ? sql.size() : newline + 1;
  }
  const std::size_t close = sql.find("*/", begin + 2);
  return close == std::string_view::npos ? sql.size() : close + 2;
}

}  // namespace

std::vector<SqlSpan> LexSql(std::string_view sql) {
  std::vector<SqlSpan> spans;
  std::size_t bare_start = 0;
  std::size_t i = 0;
  const auto flush_bare = [&](std::size_t until) {
    if (until > bare_start) spans.push_back({SqlTokenKind::kBare, bare_start, until});
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const bool comment = (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
                         (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*');
    if (c != '\'' && c != '"' && c != '`' && c != '[' && !comment) {
      ++i;
      continue;
    }
    flush_bare(i);
    SqlSpan span{SqlTokenKind::kComment, i, 0};
    if (comment) {
      span.end = CommentEnd(sql, i);
    } else {
      span.kind = c == '\'' ? SqlTokenKind::kString : SqlTokenKind::kIdentifier;
      span.end = QuotedEnd(sql, i, c == '[' ? ']' : c);
    }
    spans.push_back(span);
    i = bare_start = span.end;
  }
  flush_bare(sql.size());
  return spans;
}

SqlPlacement PlaceInSql(const std::vector<SqlSpan>& spans, std::size_t offset,
                        std::size_t length) {
  for (const auto& span : spans) {
    if (offset < span.begin || offset >= span.end) continue;
    if (offset + length > span.end) return SqlPlacement::kCrossesTokens;
    switch (span.kind) {
      case SqlTokenKind::kString:
        // Between the quotes: after the opening one, before the closing one.
        return offset > span.begin && offset + length < span.end ? SqlPlacement::kInsideString
                                                                 : SqlPlacement::kCrossesTokens;
      case SqlTokenKind::kIdentifier:
        return offset > span.begin && offset + length < span.end
                   ? SqlPlacement::kInsideIdentifier
                   : SqlPlacement::kCrossesTokens;
      case SqlTokenKind::kComment:
        return SqlPlacement::kComment;
      case SqlTokenKind::kBare:
        return SqlPlacement::kBare;
    }
  }
  return SqlPlacement::kCrossesTokens;
}

const char* SqlPlacementName(SqlPlacement placement) {
  switch (placement) {
    case SqlPlacement::kInsideString:
      return "inside a string literal";
    case SqlPlacement::kInsideIdentifier:
      return "inside a quoted identifier";
    case SqlPlacement::kComment:
      return "in a comment";
    case SqlPlacement::kBare:
      return "in the statement's own syntax";
    case SqlPlacement::kCrossesTokens:
      return "across a quote";
  }
  return "?";
}

}  // namespace pocsift
