#include "engine/ingest/settings_block.h"

#include <cctype>
#include <optional>

#include <re2/re2.h>

#include "engine/one_line.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

// Joins physical lines into statements (open brackets continue a statement) and drops
// comments; quotes are tracked so a '#' or a bracket inside a string does not count.
std::vector<std::string> Statements(std::string_view code) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (comment) {
      if (c != '\n') continue;
      comment = false;
    }
    if (quote != 0) {
      current += c;
      if (c == '\\' && i + 1 < code.size()) current += code[++i];
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') {
      comment = true;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (c == '\n' && depth == 0) {
      if (current.find_first_not_of(" \t\r") != std::string::npos) out.push_back(current);
      current.clear();
      continue;
    }
    current += c == '\n' ? ' ' : c;
  }
  if (current.find_first_not_of(" \t\r") != std::string::npos) out.push_back(current);
  return out;
}

class LiteralParser {
 public:
  explicit LiteralParser(std::string_view text) : text_(text) {}

  // The whole text as one literal, or nullopt.
  std::optional<Json> ParseAll() {
    auto value = Value(0);
    Skip();
    if (!value || pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<Json> Value(int depth) {
    if (depth > 32) return std::nullopt;
    Skip();
    if (pos_ >= text_.size()) return std::nullopt;
    const char c = text_[pos_];
    if (c == '[' || c == '(') return Sequence(c == '[' ? ']' : ')', depth);
    if (c == '{') return Dict(depth);
    if (c == '\'' || c == '"') return String();
    static const RE2 kNumber("(-?\\d+(?:\\.\\d+)?)");
    static const RE2 kWord("([A-Za-z_]+)");
    const std::string_view tail = text_.substr(pos_);
    re2::StringPiece rest(tail.data(), tail.size());
    std::string token;
    if (RE2::Consume(&rest, kNumber, &token)) {
      pos_ = text_.size() - rest.size();
      if (token.find('.') != std::string::npos) return Json(std::stod(token));
      try {
        return Json(std::stoll(token));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
    if (RE2::Consume(&rest, kWord, &token)) {
      pos_ = text_.size() - rest.size();
      if (token == "True") return Json(true);
      if (token == "False") return Json(false);
      if (token == "None") return Json(nullptr);
    }
    return std::nullopt;
  }

  std::optional<Json> Sequence(char close, int depth) {
    ++pos_;
    Json list = Json::array();
    for (;;) {
      if (Eat(close)) return list;
      auto item = Value(depth + 1);
      if (!item) return std::nullopt;
      list.push_back(std::move(*item));
      if (Eat(close)) return list;
      if (!Eat(',')) return std::nullopt;
    }
  }

  std::optional<Json> Dict(int depth) {
    ++pos_;
    Json dict = Json::object();
    for (;;) {
      if (Eat('}')) return dict;
      auto key = Value(depth + 1);
      if (!key || !key->is_string() || !Eat(':')) return std::nullopt;
      auto value = Value(depth + 1);
      if (!value) return std::nullopt;
      dict[key->get<std::string>()] = std::move(*value);
      if (Eat('}')) return dict;
      if (!Eat(',')) return std::nullopt;
    }
  }

  // '…' or "…" with the common escapes; adjacent literals concatenate, as in Python.
  std::optional<Json> String() {
    std::string out;
    while (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"')) {
      const char quote = text_[pos_++];
      bool closed = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (c == quote) {
          closed = true;
          break;
        }
        if (c == '\\' && pos_ < text_.size()) {
          const char e = text_[pos_++];
          out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          out += c;
        }
      }
      if (!closed) return std::nullopt;
      Skip();
    }
    return Json(out);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

const RE2& Assignment() {
  static const RE2 kAssignment("\\s*([A-Z][A-Z0-9_]*)\\s*=\\s*(.*?)\\s*");
  return kAssignment;
}

}  // namespace

bool LooksLikeSettings(std::string_view code) {
  const auto statements = Statements(code);
  if (statements.empty()) return false;
  for (const auto& statement : statements) {
    static const RE2 kUpper("\\s*[A-Z][A-Z0-9_]*\\s*(?:\\+|-)?=.*");
    static const RE2 kImport("\\s*(?:from|import)\\s.*");
    if (!RE2::FullMatch(statement, kUpper) && !RE2::FullMatch(statement, kImport)) return false;
  }
  return true;
}

SettingsBlock ParseSettingsBlock(std::string_view code) {
  SettingsBlock block;
  for (const auto& statement : Statements(code)) {
    std::string name, value;
    if (RE2::FullMatch(statement, Assignment(), &name, &value)) {
      if (auto literal = LiteralParser(value).ParseAll()) {
        block.settings[name] = std::move(*literal);
        continue;
      }
    }
    static const RE2 kImport("\\s*(?:from|import)\\s.*");
    if (RE2::FullMatch(statement, kImport)) continue;  // imports carry no setting
    block.unmapped.push_back("setting statement not a literal assignment: " + OneLine(statement));
  }
  return block;
}

}  // namespace pocsift
