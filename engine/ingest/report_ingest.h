// `pocsift ingest`: a report as prose (a Markdown file or an e-mail) → a bundle
// (docs/ingest.md).
//
// The report's text becomes README.md (the instructions); its code blocks and attachments are
// classified (engine/ingest/code_classifier.h) into the app package, templates, settings
// overrides and fixtures; curl command lines and raw HTTP requests become request steps; an
// attached archive is unpacked as the app (engine/ingest/app_archive.h); images are kept in
// screenshots/. What could not be mapped is listed in the result and in the bundle's
// INGEST.md, so a person can finish the bundle by hand. Nothing here touches the disk but
// reading the report (and the archive reader's private temporary file).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

struct IngestedBundle {
  FileMap files;  // poc.json, README.md, INGEST.md, the app, screenshots/, attachments/
  std::vector<std::string> mapped;    // "code block at line 12 → pocapp/views.py"
  std::vector<std::string> unmapped;  // what a person must finish
  std::vector<std::string> notes;     // what was changed on the way
  std::size_t steps = 0;
  bool code_screenshot = false;  // the report's only code is in images
};

// Caps on the report file itself (an e-mail's attachments are capped by EmailLimits).
inline constexpr std::uintmax_t kMaxMarkdownReportBytes = 8u << 20;

// Reads and ingests the report at `path` (.md, .markdown, .txt: Markdown; .eml: e-mail).
// kBadInput for an unreadable, oversized or malformed report (an e-mail without a body, a
// broken MIME boundary, an oversized attachment, a curl line with unbalanced quotes …), with
// a one-line message naming the report and, for code, its line.
Result<IngestedBundle> IngestReport(const std::filesystem::path& path);

}  // namespace pocsift
