// StagedBundle: a bundle's files written to a private folder on the host, for the sandbox to
// bind read-only at /pocsift/bundle. The files come from the in-memory, already validated
// bundle (never from the original path), so an archive and a folder stage identically.
#pragma once

#include <filesystem>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

class StagedBundle {
 public:
  // Writes `files` under a fresh folder in `parent` ($TMPDIR by default; a warm pool's spool
  // for warm runs) (mode 0755 folders, 0644 files: the sandbox's user must read them;
  // nothing in them is secret from it).
  static Result<StagedBundle> Stage(const FileMap& files);
  static Result<StagedBundle> Stage(const FileMap& files, const std::filesystem::path& parent);

  StagedBundle(StagedBundle&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  StagedBundle& operator=(StagedBundle&&) = delete;
  StagedBundle(const StagedBundle&) = delete;
  ~StagedBundle();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit StagedBundle(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace pocsift
