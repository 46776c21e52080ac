// An uploaded bundle archive written to a private temporary file, so the engine's LoadBundle()
// and CheckBundle() (which read paths) can open it; the file and its folder are removed when
// the StagedUpload is destroyed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace pocsift {

// ".tar.gz", ".zip" or ".tar" from the archive's magic bytes; nullopt for anything else.
std::optional<std::string> ArchiveSuffix(std::string_view bytes);

class StagedUpload {
 public:
  // Writes `bytes` under `scratch` (created when absent) as "upload<suffix>" in a fresh
  // mode-0700 folder. kBadInput when the bytes are not an archive pocsift reads.
  static Result<StagedUpload> Write(const std::filesystem::path& scratch, std::string_view bytes);

  StagedUpload(StagedUpload&& other) noexcept;
  StagedUpload& operator=(StagedUpload&&) = delete;
  StagedUpload(const StagedUpload&) = delete;
  ~StagedUpload();

  const std::filesystem::path& path() const { return path_; }
  // `message` with the temporary path replaced by "upload", for errors shown to the client.
  std::string Redact(const std::string& message) const;

 private:
  StagedUpload(std::filesystem::path folder, std::filesystem::path path)
      : folder_(std::move(folder)), path_(std::move(path)) {}
  std::filesystem::path folder_;
  std::filesystem::path path_;
};

}  // namespace pocsift
