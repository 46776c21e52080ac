// The parts of a Markdown report pocsift ingests: the first heading (the title), the fenced
// code blocks (``` or ~~~, CommonMark's rules for opening and closing fences) with the line
// just before each (which often names the file: "**pocapp/views.py**"), the image references,
// and the prose outside code blocks, where the claim is looked for. A curl command line in
// the prose (a plain-text mail indents it rather than fencing it) is returned as a "sh" block.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pocsift {

struct CodeBlock {
  int line = 0;          // 1-based line of the opening fence (or 0 for an attachment)
  std::string info;      // the fence's info string, e.g. "python", "bash", "http title=x"
  std::string lead;      // the last non-blank prose line before the fence
  std::string text;      // the content, ending with a newline unless empty
  std::string origin;    // "code block at line 12" or "attachment views.py", for messages
};

struct MarkdownReport {
  std::string title;                // the first ATX heading's text; empty if none
  std::vector<CodeBlock> blocks;    // in order
  std::vector<std::string> images;  // targets of ![alt](target), in order
  std::string prose;                // the text outside code blocks
};

MarkdownReport ParseMarkdownReport(std::string_view text);

}  // namespace pocsift
