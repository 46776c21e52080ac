#include <iostream>

#include "engine/bundle.h"
#include "engine/cli/commands.h"
#include "engine/cli/exit_codes.h"
#include "engine/ingest/bundle_folder_writer.h"
#include "engine/ingest/report_ingest.h"
#include "engine/one_line.h"

namespace pocsift {
namespace fs = std::filesystem;
namespace {

// "report.eml" → "report"; "notes.md" → "notes", in the current folder.
fs::path DefaultOutput(const fs::path& report) {
  std::string stem = report.filename().string();
  for (const char* suffix : {".markdown", ".md", ".txt", ".eml"})
    if (stem.ends_with(suffix)) {
      stem.resize(stem.size() - std::string_view(suffix).size());
      break;
    }
  return fs::path(stem.empty() ? "bundle" : stem);
}

int Fail(const Error& error) {
  std::cerr << "pocsift: " << OneLine(error.message) << "\n";
  return error.kind == ErrorKind::kInternal ? kExitEngineFailed : kExitBadInput;
}

}  // namespace

int RunIngestCommand(const IngestCommandOptions& options) {
  const fs::path report(options.report);
  auto ingested = IngestReport(report);
  if (!ingested) return Fail(ingested.error());
  const fs::path out = options.output ? fs::path(*options.output) : DefaultOutput(report);
  if (auto status = WriteBundleFolder(ingested.value().files, out, options.force); !status)
    return Fail(status.error());
  // The bundle must load as `pocsift check` will load it; if not, ingest is at fault.
  if (auto loaded = LoadBundle(out); !loaded)
    return Fail(Internal("the ingested bundle does not load: " + loaded.error().message));
  const IngestedBundle& bundle = ingested.value();
  if (options.quiet) return kExitEligible;
  for (const auto& item : bundle.unmapped) std::cerr << "not mapped: " << OneLine(item) << "\n";
  std::cout << "wrote " << out.string() << ": " << bundle.files.size() << " files, "
            << bundle.steps << " request step" << (bundle.steps == 1 ? "" : "s") << ", "
            << bundle.unmapped.size() << " item" << (bundle.unmapped.size() == 1 ? "" : "s")
            << " not mapped (see " << (out / "INGEST.md").string() << ")\n"
            << "next: pocsift check " << out.string() << "\n";
  return kExitEligible;
}

}  // namespace pocsift
