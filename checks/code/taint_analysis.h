// The taint pass behind unsanitized-input: which request data reaches which sink in the PoC's
// code. Works on the parsed modules and lexed templates of a CodeAnalysis.
//
// Sources are request data (request.GET/POST/…, URL captures, self.request/args/kwargs in
// class-based views). Taint follows assignments, f-strings, %, .format, concatenation,
// containers, dict(**…), unknown calls (conservatively) and calls into the PoC's own functions
// (analysed again with the caller's argument taint, to depth 4). Sanitizers (a bound form's
// cleaned_data after is_valid(), validators, int()/UUID() conversions, escape(), …) clear it.
// A flow into a documented-unsafe sink is an `unsafe` flow; a flow into a documented-safe API
// is recorded as `safe` (evidence that the analysis saw it, never a failure).
//
// Limits (docs/code-rules.md): flow-insensitive within a function (a sanitizer anywhere in a
// function clears the name for all later statements), no aliasing through object attributes
// except self.<attr>, no analysis of code the PoC builds at run time.
#pragma once

#include <string>
#include <vector>

#include "checks/code/code_analysis.h"
#include "checks/code/taint_catalogue.h"
#include "checks/finding.h"

namespace pocsift {

struct TaintFlow {
  std::string sink;      // the catalogue's sink id, or template-safe-filter / template-autoescape-off
  std::string call;      // the callee as the analysis resolved it ("django.core.mail.send_mail")
  std::string argument;  // which argument: a keyword name, "#0" (position) or "**"
  std::string source;    // where the data came from: "request.GET", "URL capture pk", …
  Location at;           // the sink
  Location source_at;    // where the source was read
  std::string doc;       // the documentation that makes it the developer's responsibility
  std::string docs;
  std::string safe_way;
};

struct SafeFlow {
  std::string call;
  std::string note;
  std::string source;
  Location at;
};

// A template render or template construction that received request data.
struct TemplateInput {
  std::string what;  // "render pocapp/list.html", "Template(source)"
  Location at;
};

struct TaintReport {
  std::vector<TaintFlow> unsafe;
  std::vector<SafeFlow> safe;
  std::vector<TemplateInput> template_inputs;
  std::vector<Location> csrf_exempt;  // views that switch CSRF protection off
  int entry_points = 0;                // views and request-taking methods analysed
};

TaintReport AnalyzeTaint(const CodeAnalysis& code, const TaintCatalogue& catalogue);

}  // namespace pocsift
