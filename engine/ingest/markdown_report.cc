#include "engine/ingest/markdown_report.h"

#include <re2/re2.h>

#include "engine/ingest/curl_command.h"

namespace pocsift {

MarkdownReport ParseMarkdownReport(std::string_view text) {
  static const RE2 kFence("( {0,3})(`{3,}|~{3,})[ \\t]*([^`]*?)[ \\t]*\\r?");
  static const RE2 kHeading(" {0,3}#{1,6}[ \\t]+(.*?)[ \\t#]*\\r?");
  static const RE2 kImage("!\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)");
  MarkdownReport report;
  std::string lead;
  CodeBlock* open = nullptr;
  CodeBlock* inline_curl = nullptr;
  int lead_line = 0;  // the line number of `lead`
  std::string fence;
  std::size_t pos = 0;
  int number = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++number;
    std::string indent, marker, info;
    if (open != nullptr) {
      // A closing fence: the same character, at least as long, nothing after it.
      std::string_view closing = line;
      while (!closing.empty() && (closing.back() == ' ' || closing.back() == '\r' ||
                                  closing.back() == '\t'))
        closing.remove_suffix(1);
      std::size_t spaces = 0;
      while (spaces < closing.size() && spaces < 4 && closing[spaces] == ' ') ++spaces;
      closing.remove_prefix(spaces);
      if (spaces < 4 && closing.size() >= fence.size() &&
          closing.find_first_not_of(fence[0]) == std::string_view::npos) {
        open = nullptr;
        continue;
      }
      open->text.append(line);
      open->text += '\n';
      continue;
    }
    if (RE2::FullMatch(line, kFence, &indent, &marker, &info) &&
        !(marker[0] == '`' && info.find('`') != std::string::npos)) {
      fence = marker;
      inline_curl = nullptr;
      report.blocks.push_back({number, info, lead, "", "code block at line " + std::to_string(number)});
      open = &report.blocks.back();
      continue;
    }
    report.prose.append(line);
    report.prose += '\n';
    // A curl command in the prose (plain-text mail indents it rather than fencing it) is
    // taken as a one-command shell block; backslash-newline continues it.
    if (inline_curl != nullptr) {
      inline_curl->text.append(line);
      inline_curl->text += '\n';
      if (!line.ends_with("\\") && !line.ends_with("\\\r")) inline_curl = nullptr;
      continue;
    }
    if (LooksLikeCurl(line)) {
      report.blocks.push_back({number - 1, "sh", lead, std::string(line) + "\n",
                               "curl command at line " + std::to_string(number)});
      if (line.ends_with("\\") || line.ends_with("\\\r")) inline_curl = &report.blocks.back();
    }
    std::string heading;
    if (report.title.empty() && RE2::FullMatch(line, kHeading, &heading)) report.title = heading;
    // A Setext heading: the prose line above underlined with = or -.
    static const RE2 kUnderline(" {0,3}(?:=+|-{2,})[ \\t]*\\r?");
    if (report.title.empty() && !lead.empty() && RE2::FullMatch(line, kUnderline) &&
        lead_line == number - 1)
      report.title = lead;
    re2::StringPiece rest(line.data(), line.size());
    std::string target;
    while (RE2::FindAndConsume(&rest, kImage, &target)) report.images.push_back(target);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      lead = std::string(line);
      lead_line = number;
    }
  }
  return report;
}

}  // namespace pocsift
