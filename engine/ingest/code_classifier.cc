#include "engine/ingest/code_classifier.h"

#include <cctype>

#include <re2/re2.h>

#include "engine/ingest/curl_command.h"
#include "engine/ingest/http_request_text.h"
#include "engine/ingest/settings_block.h"

namespace pocsift {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// A file name the report gives for the block, or "".
std::string NameHint(const CodeBlock& block) {
  static const RE2 kName("([A-Za-z0-9_][A-Za-z0-9_./-]*\\.(?:py|html|htm|txt|json|xml|http|sh))\\b");
  static const RE2 kComment(
      "^\\s*(?:#|//|<!--|\\{#)\\s*([A-Za-z0-9_][A-Za-z0-9_./-]*\\.(?:py|html|htm|txt|json|xml))\\b");
  std::string name;
  if (RE2::PartialMatch(FirstLine(block.text), kComment, &name)) return name;
  if (RE2::PartialMatch(block.info, kName, &name)) return name;
  if (RE2::PartialMatch(block.lead, kName, &name)) return name;
  return "";
}

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool Has(const std::string& text, const char* pattern) {
  return RE2::PartialMatch(text, RE2(pattern));
}

bool LooksLikeTemplate(const std::string& text) {
  return Has(text, "\\{%\\s*\\w+|\\{\\{\\s*[\\w.|]+") && Has(text, "<[a-zA-Z/!]");
}

BlockPlacement ByName(const std::string& hint, const CodeBlock& block) {
  BlockPlacement p;
  const std::string base = Basename(hint);
  const std::string lower = Lower(base);
  const auto templates = hint.find("templates/");
  if (templates != std::string::npos || lower.ends_with(".html") || lower.ends_with(".htm") ||
      (lower.ends_with(".txt") && LooksLikeTemplate(block.text))) {
    p.kind = BlockKind::kTemplate;
    p.path = templates != std::string::npos ? hint.substr(templates + 10) : base;
    if (templates != std::string::npos && templates > 0) {
      const std::string before = hint.substr(0, templates - 1);
      if (before.find('/') == std::string::npos && IsPackageName(before)) p.package_hint = before;
    }
    return p;
  }
  if (lower == "settings.py") {
    p.kind = BlockKind::kSettings;
    return p;
  }
  if (lower.ends_with(".json") && hint.find("fixtures/") != std::string::npos) {
    p.kind = BlockKind::kFixture;
    p.path = base;
    return p;
  }
  if (lower.ends_with(".http")) {
    p.kind = LooksLikeHttpRequest(block.text) ? BlockKind::kHttp : BlockKind::kUnmapped;
    p.reason = "an .http file that is not one HTTP request";
    return p;
  }
  if (lower.ends_with(".py")) {
    if (lower == "manage.py" || lower == "wsgi.py" || lower == "asgi.py") {
      p.reason = base + " is project boilerplate; the engine has its own project";
      return p;
    }
    if (Has(block.text, "(?m)^\\s*(?:import requests|from requests|import httpx|import urllib)") ||
        Has(block.text, "\\brequests\\.(?:get|post|put|delete)\\(")) {
      p.reason = "a Python client script: write its requests as curl commands or steps";
      return p;
    }
    p.kind = BlockKind::kAppFile;
    p.path = base;
    const auto slash = hint.rfind('/');
    if (slash != std::string::npos) {
      const std::string folder = hint.substr(0, slash);
      const std::string package = folder.substr(folder.rfind('/') + 1);
      if (IsPackageName(package)) p.package_hint = package;
    }
    return p;
  }
  p.reason = "a file named " + base + " has no place in the bundle";
  return p;
}

}  // namespace

bool IsPackageName(const std::string& name) {
  static const RE2 kIdentifier("[A-Za-z_][A-Za-z0-9_]*");
  return RE2::FullMatch(name, kIdentifier) && name != "django" && name != "templates" &&
         name != "static" && name != "fixtures" && name != "migrations" && name != "tests";
}

BlockPlacement ClassifyBlock(const CodeBlock& block) {
  const std::string lang = Lower(block.info.substr(0, block.info.find_first_of(" \t{:")));
  BlockPlacement p;
  if (lang == "bash" || lang == "sh" || lang == "shell" || lang == "console" || lang == "zsh" ||
      lang == "curl" || Has(block.text, "(?m)^\\s*(?:\\$\\s+)?curl\\s")) {
    p.kind = BlockKind::kShell;
    return p;
  }
  if (lang == "http" || LooksLikeHttpRequest(block.text)) {
    p.kind = LooksLikeHttpRequest(block.text) ? BlockKind::kHttp : BlockKind::kUnmapped;
    p.reason = "an http block without a request line";
    return p;
  }
  if (const std::string hint = NameHint(block); !hint.empty()) return ByName(hint, block);
  const std::string& text = block.text;
  const bool python = lang.empty() || lang == "python" || lang == "py" || lang == "python3";
  if (lang == "html" || lang == "django" || lang == "htmldjango" || lang == "jinja" ||
      lang == "jinja2" || (lang.empty() && LooksLikeTemplate(text))) {
    p.kind = BlockKind::kTemplate;
    return p;
  }
  if (python) {
    if (Has(text, "\\burlpatterns\\s*=")) return ByName("urls.py", block);
    if (Has(text, "\\(\\s*models\\.Model\\s*\\)")) return ByName("models.py", block);
    if (Has(text, "\\bdef \\w+\\(\\s*request\\b") || Has(text, "class \\w+\\([\\w.]*View\\)"))
      return ByName("views.py", block);
    if (Has(text, "\\(\\s*forms\\.(?:Model)?Form\\s*\\)")) return ByName("forms.py", block);
    if (LooksLikeSettings(text)) {
      p.kind = BlockKind::kSettings;
      return p;
    }
    if (Has(text, "(?m)^\\s*(?:import requests|from requests|import httpx)") ||
        Has(text, "\\brequests\\.(?:get|post|put|delete)\\(")) {
      p.reason = "a Python client script: write its requests as curl commands or steps";
      return p;
    }
    p.reason = "Python code that is not a view, URLconf, model, form or settings";
    return p;
  }
  p.reason = "a " + lang + " block";
  return p;
}

}  // namespace pocsift
