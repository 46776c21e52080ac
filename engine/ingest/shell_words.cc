#include "engine/ingest/shell_words.h"

#include <cctype>

namespace pocsift {
namespace {

// The ANSI-C escapes of $'…' that reports actually use (bash(1), QUOTING).
bool AnsiEscape(std::string_view text, std::size_t& i, std::string& word) {
  const char c = text[i];
  switch (c) {
    case 'n': word += '\n'; return true;
    case 'r': word += '\r'; return true;
    case 't': word += '\t'; return true;
    case '\\': word += '\\'; return true;
    case '\'': word += '\''; return true;
    case '"': word += '"'; return true;
    case '0': word += '\0'; return true;
    case 'x': {
      std::size_t n = 0;
      int value = 0;
      while (n < 2 && i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
        ++i;
        ++n;
        value = value * 16 + std::stoi(std::string(1, text[i]), nullptr, 16);
      }
      word += static_cast<char>(value);
      return n > 0;
    }
    default:
      word += '\\';
      word += c;
      return true;
  }
}

}  // namespace

Result<ShellCommand> SplitShellWords(std::string_view text) {
  ShellCommand command;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) command.words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      if (i + 1 >= text.size()) return BadInput("a lone backslash ends the command");
      ++i;
      if (text[i] == '\n') continue;  // line continuation
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
        continue;
      }
      word += text[i];
      in_word = true;
    } else if (c == '\'') {
      const auto end = text.find('\'', i + 1);
      if (end == std::string_view::npos) return BadInput("unbalanced ' quote");
      word.append(text.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '\'') {
      i += 2;
      bool closed = false;
      for (; i < text.size(); ++i) {
        if (text[i] == '\'') {
          closed = true;
          break;
        }
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
          AnsiEscape(text, i, word);
        } else {
          word += text[i];
        }
      }
      if (!closed) return BadInput("unbalanced $' quote");
      in_word = true;
    } else if (c == '"') {
      bool closed = false;
      for (++i; i < text.size(); ++i) {
        if (text[i] == '"') {
          closed = true;
          break;
        }
        // Inside double quotes a backslash escapes only $ ` " \ and newline (POSIX 2.2.3).
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::string_view("$`\"\\\n").find(text[i + 1]) != std::string_view::npos) {
          ++i;
          if (text[i] != '\n') word += text[i];
        } else {
          word += text[i];
        }
      }
      if (!closed) return BadInput("unbalanced \" quote");
      in_word = true;
    } else if (std::string_view(";|&<>").find(c) != std::string_view::npos ||
               (c == '#' && !in_word)) {
      if (in_word) command.words.push_back(std::move(word));
      std::string_view rest = text.substr(i);
      while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' ')) rest.remove_suffix(1);
      command.rest = std::string(rest);
      return command;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) command.words.push_back(std::move(word));
  return command;
}

}  // namespace pocsift
