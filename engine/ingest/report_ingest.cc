#include "engine/ingest/report_ingest.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "engine/bundle_path.h"
#include "engine/ingest/app_archive.h"
#include "engine/ingest/code_classifier.h"
#include "engine/ingest/curl_command.h"
#include "engine/ingest/email_report.h"
#include "engine/ingest/http_request_text.h"
#include "engine/ingest/markdown_report.h"
#include "engine/ingest/settings_block.h"
#include "engine/manifest.h"
#include "engine/one_line.h"
#include "engine/utf8.h"

namespace pocsift {
namespace fs = std::filesystem;
namespace {

using Json = nlohmann::ordered_json;

// The report as text plus what came with it, whatever its container.
struct ReportText {
  std::string name;  // the report's file name, for messages and INGEST.md
  std::string title;
  std::string reporter_name;
  std::string reporter_contact;
  std::optional<std::string> received;
  std::string body;  // Markdown
  std::vector<EmailAttachment> attachments;
  std::vector<std::string> notes;
};

// The claim, from the prose: the first category named in the title, else the earliest one in
// the text. Order matters where names overlap (ReDoS is a denial of service).
std::string ClaimCategory(const std::string& title, const std::string& prose) {
  static const std::vector<std::pair<std::string, std::string>> kCategories = {
      {"sql-injection", "(?i)sql[ -]?injection|\\bSQLi\\b"},
      {"remote-code-execution",
       "(?i)remote code execution|\\bRCE\\b|arbitrary code execution|command injection"},
      {"xss", "(?i)cross[- ]site scripting|\\bXSS\\b"},
      {"csrf", "(?i)cross[- ]site request forgery|\\bCSRF\\b"},
      {"denial-of-service", "(?i)denial[- ]of[- ]service|\\bReDoS\\b|\\bDoS\\b"},
      {"open-redirect", "(?i)open redirect|unvalidated redirect"},
      {"broken-authentication",
       "(?i)authentication bypass|broken authentication|privilege escalation"},
      {"broken-session-management", "(?i)session fixation|session management"},
      {"sensitive-data-exposure",
       "(?i)information disclosure|sensitive data|data exposure|\\bleaks?\\b"},
  };
  for (const auto& [category, pattern] : kCategories)
    if (RE2::PartialMatch(title, RE2(pattern))) return category;
  std::string best = "other";
  std::size_t best_at = std::string::npos;
  for (const auto& [category, pattern] : kCategories) {
    RE2 re("(" + pattern + ")");
    re2::StringPiece match;
    if (re.Match(prose, 0, prose.size(), RE2::UNANCHORED, &match, 1)) {
      const auto at = static_cast<std::size_t>(match.data() - prose.data());
      if (at < best_at) {
        best_at = at;
        best = category;
      }
    }
  }
  return best;
}

std::optional<std::string> ClaimSeverity(const std::string& prose) {
  static const RE2 kSeverity("(?i)severity\\W{0,4}(critical|high|moderate|medium|low)\\b");
  std::string level;
  if (!RE2::PartialMatch(prose, kSeverity, &level)) return std::nullopt;
  for (char& c : level) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (level == "critical") return "high";
  if (level == "medium") return "moderate";
  return level;
}

std::vector<std::string> ClaimVersions(const std::string& prose) {
  static const RE2 kVersion("Django\\s+v?(\\d\\.\\d)\\b");
  std::vector<std::string> versions;
  re2::StringPiece rest(prose);
  std::string version;
  while (RE2::FindAndConsume(&rest, kVersion, &version))
    if (std::find(versions.begin(), versions.end(), version) == versions.end())
      versions.push_back(version);
  return versions;
}

bool IsOracle(const std::string& category) {
  for (const auto& name : OracleNames())
    if (name == category) return true;
  return false;
}

Result<std::string> ReadAll(const fs::path& path, std::uintmax_t cap) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error || !fs::exists(status)) return BadInput("no such file");
  if (!fs::is_regular_file(status)) return BadInput("not a regular file");
  const auto size = fs::file_size(path, error);
  if (error) return BadInput("cannot read it: " + error.message());
  if (size > cap)
    return BadInput("the report is " + std::to_string(size) + " bytes; the cap is " +
                    std::to_string(cap));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in && !in.eof()) return BadInput("cannot read it");
  return out.str();
}

// A safe one-component file name for an attachment; "" when none can be made.
std::string SafeName(const std::string& raw, std::size_t index, const std::string& type) {
  std::string base = raw.substr(raw.find_last_of("/\\") + 1);
  std::string clean;
  for (unsigned char c : base)
    clean += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
  while (!clean.empty() && clean.front() == '.') clean.erase(0, 1);
  if (clean.empty()) {
    const std::string ext = type.starts_with("image/") ? "." + type.substr(6) : ".bin";
    clean = "attachment-" + std::to_string(index + 1) + ext;
  }
  return clean.substr(0, 120);
}

bool IsTextCodeName(const std::string& name) {
  for (const char* suffix : {".py", ".html", ".htm", ".json", ".http", ".sh"})
    if (name.ends_with(suffix)) return true;
  return false;
}

class Assembler {
 public:
  explicit Assembler(ReportText report) : report_(std::move(report)) {}

  Result<IngestedBundle> Run() {
    const MarkdownReport markdown = ParseMarkdownReport(report_.body);
    if (report_.title.empty()) report_.title = markdown.title;
    std::vector<CodeBlock> blocks = markdown.blocks;
    for (const auto& note : report_.notes) out_.notes.push_back(note);
    if (auto status = TakeAttachments(blocks); !status) return status.error();
    for (const auto& image : markdown.images) {
      out_.unmapped.push_back("image \"" + OneLine(image) +
                              "\" is referenced by the report but not part of it (not fetched)");
      ++images_;
    }
    for (const auto& block : blocks)
      if (auto status = Place(block); !status) return status.error();
    Finish(markdown.prose);
    return std::move(out_);
  }

 private:
  Status TakeAttachments(std::vector<CodeBlock>& blocks) {
    for (std::size_t i = 0; i < report_.attachments.size(); ++i) {
      auto& file = report_.attachments[i];
      const std::string name = SafeName(file.filename, i, file.content_type);
      if (IsArchiveName(name)) {
        auto app = UnpackAppArchive(name, file.bytes);
        if (!app) return app.error();
        if (app.value().is_bundle) {
          whole_bundle_ = std::move(app.value().files);
          out_.mapped.push_back("attachment " + name + " → the whole bundle (it has poc.json)");
          continue;
        }
        archive_package_ = app.value().package;
        for (auto& [path, content] : app.value().files) app_files_[path] = std::move(content);
        out_.mapped.push_back("attachment " + name + " → the app package " + archive_package_ +
                              "/ (" + std::to_string(app.value().files.size()) + " files)");
        for (const auto& unused : app.value().unused)
          out_.unmapped.push_back("archive member " + OneLine(unused) + " of " + name +
                                  " not used (outside the app package)");
      } else if (file.content_type.starts_with("image/")) {
        extra_files_["screenshots/" + name] = std::move(file.bytes);
        out_.mapped.push_back("attachment " + name + " → screenshots/" + name);
        ++images_;
      } else {
        // Kept in attachments/ only when a step uses it as a body or nothing else takes it.
        attachments_[name] = file.bytes;
        if (IsTextCodeName(name) && !FindInvalidUtf8(file.bytes))
          blocks.push_back({0, "", name, std::move(file.bytes), "attachment " + name});
        else
          KeepAttachment(name);
      }
    }
    return {};
  }

  void KeepAttachment(const std::string& name) {
    if (extra_files_.contains("attachments/" + name)) return;
    extra_files_["attachments/" + name] = attachments_.at(name);
    out_.mapped.push_back("attachment " + name + " → attachments/" + name);
  }

  Status Place(const CodeBlock& block) {
    const BlockPlacement placement = ClassifyBlock(block);
    switch (placement.kind) {
      case BlockKind::kAppFile:
        if (!placement.package_hint.empty() && package_hint_.empty())
          package_hint_ = placement.package_hint;
        AddAppFile(placement.path, block);
        return {};
      case BlockKind::kTemplate:
        if (!placement.package_hint.empty() && package_hint_.empty())
          package_hint_ = placement.package_hint;
        templates_.push_back({placement.path, block});
        return {};
      case BlockKind::kFixture:
        fixtures_.push_back({placement.path, block});
        return {};
      case BlockKind::kSettings: {
        SettingsBlock settings = ParseSettingsBlock(block.text);
        for (auto& [key, value] : settings.settings.items()) settings_[key] = value;
        for (const auto& line : settings.unmapped) out_.unmapped.push_back(block.origin + ": " + line);
        out_.mapped.push_back(block.origin + " → app.settings (" +
                              std::to_string(settings.settings.size()) + " overrides)");
        return {};
      }
      case BlockKind::kShell:
        return Shell(block);
      case BlockKind::kHttp: {
        auto request = ParseHttpRequestText(block.text);
        if (!request) return BadInput(Where(block) + ": HTTP request: " + request.error().message);
        AddStep(std::move(request).value(), block);
        return {};
      }
      case BlockKind::kUnmapped:
        if (block.line == 0 && attachments_.contains(block.lead)) {
          KeepAttachment(block.lead);
          return {};
        }
        out_.unmapped.push_back(block.origin + " not mapped: " + placement.reason);
        return {};
    }
    return {};
  }

  std::string Where(const CodeBlock& block) const {
    return block.line > 0 ? "line " + std::to_string(block.line) : block.origin;
  }

  void AddAppFile(const std::string& path, const CodeBlock& block) {
    auto& content = code_files_[path];
    if (!content.empty()) {
      content += "\n\n";
      out_.notes.push_back(block.origin + " appended to " + path + " (a second block for it)");
    }
    content += block.text;
    code_origins_[path].push_back(block.origin);
  }

  // Each curl command of a shell block; a quote left open continues on the next line, as in
  // the shell, so a multi-line -d '{…}' is one command.
  Status Shell(const CodeBlock& block) {
    std::istringstream lines(block.text);
    std::string line;
    std::string command;
    int number = block.line;
    int start = 0;
    int ignored = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (command.empty()) {
        if (!LooksLikeCurl(line)) {
          if (line.find_first_not_of(" \t\r") != std::string::npos) ++ignored;
          continue;
        }
        start = number;
      }
      command += line + "\n";
      const bool continued = line.ends_with("\\") || line.ends_with("\\\r");
      if (continued) continue;
      auto request = ParseCurlCommand(command);
      if (!request && request.error().message.find("unbalanced") != std::string::npos &&
          !lines.eof())
        continue;
      CodeBlock at = block;
      at.line = block.line > 0 ? start : 0;
      at.origin = block.line > 0 ? "curl command at line " + std::to_string(start)
                                 : "curl command in " + block.origin;
      if (!request) return BadInput(Where(at) + ": " + request.error().message);
      AddStep(std::move(request).value(), at);
      command.clear();
    }
    if (!command.empty()) {
      auto request = ParseCurlCommand(command);
      CodeBlock at = block;
      at.line = block.line > 0 ? start : 0;
      if (!request) return BadInput(Where(at) + ": " + request.error().message);
    }
    if (ignored > 0)
      out_.notes.push_back(block.origin + ": " + std::to_string(ignored) +
                           " shell line(s) that are not curl commands left to the README");
    return {};
  }

  void AddStep(RequestDraft request, const CodeBlock& block) {
    const std::string name = "request-" + std::to_string(steps_.size() + 1);
    if (request.body_file) {
      const std::string wanted = request.body_file->substr(request.body_file->rfind('/') + 1);
      if (attachments_.contains(wanted)) {
        KeepAttachment(wanted);
        request.body_file = "attachments/" + wanted;
      } else {
        out_.unmapped.push_back(name + ": the body file \"" + OneLine(*request.body_file) +
                                "\" is not attached to the report");
        request.body_file.reset();
      }
    }
    for (const auto& item : request.unmapped) out_.unmapped.push_back(name + ": " + item);
    for (const auto& note : request.notes) out_.notes.push_back(name + ": " + note);
    out_.mapped.push_back(block.origin + " → step \"" + name + "\" (" + request.method + " " +
                          OneLine(request.path) + ")");
    steps_.push_back({{"name", name}, {"request", request.ToJson()}});
  }

  std::string Package() const {
    if (!archive_package_.empty()) return archive_package_;
    if (!package_hint_.empty()) return package_hint_;
    static const RE2 kImport("(?m)^\\s*from\\s+([A-Za-z_]\\w*)(?:\\.\\w+)?\\s+import\\b");
    for (const auto& [path, content] : code_files_) {
      re2::StringPiece rest(content);
      std::string name;
      while (RE2::FindAndConsume(&rest, kImport, &name))
        if (IsPackageName(name) && name != "__future__" && name != "typing" && name != "os" &&
            name != "json" && name != "re")
          return name;
    }
    return "pocapp";
  }

  // Names the templates the views render, in order, for template blocks that have none.
  std::vector<std::string> RenderedTemplates() const {
    static const RE2 kRender(
        "(?:render\\(\\s*request\\s*,\\s*|template_name\\s*=\\s*|get_template\\(\\s*)[\"']([^\"']+)[\"']");
    std::vector<std::string> names;
    for (const auto& [path, content] : code_files_) {
      re2::StringPiece rest(content);
      std::string name;
      while (RE2::FindAndConsume(&rest, kRender, &name))
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    return names;
  }

  void Finish(const std::string& prose) {
    FileMap& files = out_.files;
    if (!whole_bundle_.empty()) {
      files = std::move(whole_bundle_);
      files["INGEST.md"] = IngestNotes();
      return;
    }
    const std::string package = Package();
    for (auto& [path, content] : app_files_) files[path] = content;
    for (const auto& [path, content] : code_files_) {
      const std::string target = package + "/" + path;
      if (files.contains(target)) {
        out_.notes.push_back(target + ": the attached archive's file kept; the report's " +
                             code_origins_[path].front() + " left out");
        continue;
      }
      files[target] = content;
      for (const auto& origin : code_origins_[path]) out_.mapped.push_back(origin + " → " + target);
    }
    std::vector<std::string> rendered = RenderedTemplates();
    std::size_t unnamed = 0;
    for (const auto& [name, block] : templates_) {
      std::string path = name;
      if (path.empty()) {
        while (!rendered.empty() && files.contains(package + "/templates/" + rendered.front()))
          rendered.erase(rendered.begin());
        if (!rendered.empty()) {
          path = rendered.front();
          rendered.erase(rendered.begin());
        } else {
          path = "template-" + std::to_string(++unnamed) + ".html";
        }
      }
      auto normalized = NormalizeBundlePath(package + "/templates/" + path, BundleLimits{});
      if (!normalized) {
        out_.unmapped.push_back(block.origin + ": template name \"" + OneLine(path) +
                                "\" is not a safe path");
        continue;
      }
      files[normalized.value()] = block.text;
      out_.mapped.push_back(block.origin + " → " + normalized.value());
    }
    Json fixtures = Json::array();
    for (const auto& [name, block] : fixtures_) {
      const std::string path = package + "/fixtures/" + name;
      files[path] = block.text;
      fixtures.push_back(path);
      out_.mapped.push_back(block.origin + " → " + path + " (app.fixtures)");
    }
    bool has_app = false;
    for (const auto& [path, content] : files)
      if (path.starts_with(package + "/")) has_app = true;
    if (has_app) {
      if (!files.contains(package + "/__init__.py")) files[package + "/__init__.py"] = "";
      if (!files.contains(package + "/urls.py"))
        out_.unmapped.push_back("no URLconf in the report: write " + package +
                                "/urls.py with the urlpatterns that reach the views");
      if (!files.contains(package + "/views.py"))
        out_.unmapped.push_back("no views in the report: " + package + "/views.py is missing");
    } else if (!settings_.empty() || !fixtures.empty()) {
      out_.unmapped.push_back("settings or fixtures without any app code: the app is missing");
    }
    if (!has_app && images_ > 0) {
      out_.code_screenshot = true;
      out_.unmapped.push_back(
          "code-screenshot: the report's only code is in images; ask the reporter for the code "
          "as text (pocsift explain code-screenshot)");
    }
    if (steps_.empty())
      out_.unmapped.push_back("no request steps: the report has no curl command or HTTP request");
    for (auto& [path, content] : extra_files_) files[path] = std::move(content);
    files["README.md"] = report_.body;
    files["poc.json"] = Manifest(package, has_app, fixtures, prose).dump(2) + "\n";
    out_.steps = steps_.size();
    files["INGEST.md"] = IngestNotes();
  }

  Json Manifest(const std::string& package, bool has_app, const Json& fixtures,
                const std::string& prose) const {
    Json manifest = {{"format", "pocsift-bundle/1"}};
    manifest["title"] = report_.title.empty() ? "Report " + report_.name : OneLine(report_.title);
    Json reporter = Json::object();
    if (!report_.reporter_name.empty()) reporter["name"] = report_.reporter_name;
    if (!report_.reporter_contact.empty()) reporter["contact"] = report_.reporter_contact;
    if (!reporter.empty()) manifest["reporter"] = reporter;
    if (report_.received) manifest["received"] = *report_.received;
    const std::string category = ClaimCategory(report_.title, prose);
    Json claim = {{"category", category}};
    if (auto severity = ClaimSeverity(prose)) claim["severity"] = *severity;
    claim["versions"] = ClaimVersions(report_.title + "\n" + prose);
    manifest["claim"] = claim;
    manifest["instructions"] = "README.md";
    if (has_app) {
      Json app = {{"package", package}, {"urls", package + ".urls"}};
      if (!settings_.empty()) app["settings"] = settings_;
      if (!fixtures.empty()) app["fixtures"] = fixtures;
      manifest["app"] = app;
    }
    if (!steps_.empty()) manifest["steps"] = steps_;
    if (!steps_.empty() && IsOracle(category))
      manifest["expect"] = Json::array({{{"oracle", category}, {"step", steps_.back()["name"]}}});
    return manifest;
  }

  std::string IngestNotes() const {
    std::string text = "# What `pocsift ingest` made of " + report_.name + "\n\n";
    text += "Finish the items under \"Not mapped\" by hand, then run `pocsift check` on this "
            "folder. This file is not read by the engine.\n\n## Mapped\n\n";
    for (const auto& item : out_.mapped) text += "- " + item + "\n";
    if (out_.mapped.empty()) text += "- nothing\n";
    text += "\n## Not mapped\n\n";
    for (const auto& item : out_.unmapped) text += "- " + item + "\n";
    if (out_.unmapped.empty()) text += "- nothing\n";
    if (!out_.notes.empty()) {
      text += "\n## Notes\n\n";
      for (const auto& item : out_.notes) text += "- " + item + "\n";
    }
    return text;
  }

  ReportText report_;
  IngestedBundle out_;
  FileMap app_files_;    // from an archive: bundle paths
  FileMap code_files_;   // from code blocks: paths inside the package
  std::map<std::string, std::vector<std::string>> code_origins_;
  FileMap extra_files_;  // screenshots/, attachments/
  FileMap whole_bundle_;
  std::map<std::string, std::string> attachments_;  // safe file name → bytes
  std::vector<std::pair<std::string, CodeBlock>> templates_;
  std::vector<std::pair<std::string, CodeBlock>> fixtures_;
  Json settings_ = Json::object();
  Json steps_ = Json::array();
  std::string archive_package_;
  std::string package_hint_;
  int images_ = 0;
};

std::optional<std::string> MarkdownDate(const std::string& text) {
  static const RE2 kDate("(?im)^\\W*(?:date|received)\\W*:\\W*(\\d{4}-\\d{2}-\\d{2})\\b");
  std::string date;
  if (RE2::PartialMatch(text, kDate, &date)) return date;
  return std::nullopt;
}

void MarkdownReporter(const std::string& text, ReportText& report) {
  static const RE2 kReporter("(?im)^\\W*(?:reporter|reported by|from)\\W*:\\W*([^<\\n]*?)\\s*(?:<([^>\\n]+)>)?\\s*$");
  std::string name, contact;
  if (RE2::PartialMatch(text, kReporter, &name, &contact)) {
    report.reporter_name = OneLine(name);
    report.reporter_contact = OneLine(contact);
  }
}

}  // namespace

Result<IngestedBundle> IngestReport(const fs::path& path) {
  const std::string name = path.filename().string();
  const auto fail = [&](const Error& error) {
    return Error{error.kind, OneLine(name) + ": " + error.message};
  };
  ReportText report;
  report.name = name;
  if (name.ends_with(".eml")) {
    auto bytes = ReadAll(path, EmailLimits{}.max_message_bytes);
    if (!bytes) return fail(bytes.error());
    auto email = ParseEmailReport(bytes.value());
    if (!email) return fail(email.error());
    EmailReport& mail = email.value();
    if (FindInvalidUtf8(mail.body)) return fail(BadInput("the text body is not valid UTF-8"));
    report.title = OneLine(mail.subject);
    report.reporter_name = OneLine(mail.from_name);
    report.reporter_contact = OneLine(mail.from_address);
    report.received = mail.date;
    report.body = "# " + report.title + "\n\n" + mail.body;
    if (!report.body.ends_with("\n")) report.body += "\n";
    if (mail.body_was_html) report.notes.push_back("the message has only an HTML body; its text was taken");
    report.attachments = std::move(mail.attachments);
  } else if (name.ends_with(".md") || name.ends_with(".markdown") || name.ends_with(".txt")) {
    auto bytes = ReadAll(path, kMaxMarkdownReportBytes);
    if (!bytes) return fail(bytes.error());
    if (FindInvalidUtf8(bytes.value())) return fail(BadInput("the report is not valid UTF-8"));
    if (bytes.value().find_first_not_of(" \t\r\n") == std::string::npos)
      return fail(BadInput("the report is empty"));
    report.body = std::move(bytes).value();
    report.received = MarkdownDate(report.body);
    MarkdownReporter(report.body, report);
  } else {
    return fail(BadInput("expected a Markdown report (.md, .markdown, .txt) or an e-mail (.eml)"));
  }
  auto bundle = Assembler(std::move(report)).Run();
  if (!bundle) return fail(bundle.error());
  return bundle;
}

}  // namespace pocsift
