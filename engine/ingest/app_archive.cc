#include "engine/ingest/app_archive.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "engine/bundle_archive_reader.h"
#include "engine/ingest/code_classifier.h"
#include "engine/one_line.h"

namespace pocsift {
namespace {

// A private temporary file holding the attachment, removed when it goes out of scope:
// libarchive reads from a path (the same reader as `pocsift check`).
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pocsift-ingest-XXXXXX").string();
    fd_ = mkstemp(pattern.data());
    if (fd_ >= 0) path_ = pattern;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (!path_.empty()) unlink(path_.c_str());
  }
  bool Write(std::string_view bytes) {
    if (fd_ < 0) return false;
    while (!bytes.empty()) {
      const ssize_t n = write(fd_, bytes.data(), bytes.size());
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

std::string Folder(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string Base(const std::string& path) { return path.substr(path.rfind('/') + 1); }

}  // namespace

bool IsArchiveName(std::string_view name) {
  return name.ends_with(".zip") || name.ends_with(".tar.gz") || name.ends_with(".tgz") ||
         name.ends_with(".tar");
}

Result<ArchiveApp> UnpackAppArchive(std::string_view name, std::string_view bytes,
                                    const BundleLimits& limits) {
  TempFile temp;
  if (!temp.Write(bytes)) return Internal("cannot write a temporary file for " + OneLine(name));
  BundleFiles reader(limits);
  if (auto status = ReadBundleArchive(temp.path(), reader); !status)
    return BadInput("attachment \"" + OneLine(name) + "\": " + status.error().message);
  auto files = std::move(reader).Finish();
  if (!files) return BadInput("attachment \"" + OneLine(name) + "\": " + files.error().message);
  ArchiveApp app;
  if (files.value().contains("poc.json")) {
    app.is_bundle = true;
    app.files = std::move(files).value();
    return app;
  }
  // The package: the shallowest folder with urls.py, preferring one that also has views.py.
  std::string best;
  int best_score = -1;
  for (const auto& [path, content] : files.value()) {
    const std::string base = Base(path);
    if (base != "urls.py" && base != "views.py") continue;
    const std::string folder = Folder(path);
    const bool has_urls = files.value().contains(folder.empty() ? "urls.py" : folder + "/urls.py");
    const bool has_views =
        files.value().contains(folder.empty() ? "views.py" : folder + "/views.py");
    const int depth = static_cast<int>(std::count(folder.begin(), folder.end(), '/'));
    const int score = (has_urls ? 200 : 0) + (has_views ? 100 : 0) - depth;
    if (score > best_score) {
      best_score = score;
      best = folder;
    }
  }
  if (best_score < 0)
    return BadInput("attachment \"" + OneLine(name) +
                    "\" has no urls.py or views.py: no Django app to take");
  app.package = best.empty() ? "pocapp" : Base(best);
  if (!IsPackageName(app.package)) app.package = "pocapp";
  const std::string prefix = best.empty() ? "" : best + "/";
  const std::string parent = Folder(best);
  const std::string templates = (parent.empty() ? "" : parent + "/") + "templates/";
  for (auto& [path, content] : files.value()) {
    if (path.find("__pycache__/") != std::string::npos || path.ends_with(".pyc")) {
      continue;  // compiled byte-code: never part of a proof of concept
    } else if (path.starts_with(prefix)) {
      app.files.emplace(app.package + "/" + path.substr(prefix.size()), std::move(content));
    } else if (path.starts_with(templates)) {
      app.files.emplace(app.package + "/templates/" + path.substr(templates.size()),
                        std::move(content));
    } else {
      app.unused.push_back(path);
    }
  }
  if (!app.files.contains(app.package + "/__init__.py")) app.files[app.package + "/__init__.py"];
  return app;
}

}  // namespace pocsift
