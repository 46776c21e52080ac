#include "engine/serve/staged_upload.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <system_error>

#include "engine/unique_fd.h"

namespace pocsift {

std::optional<std::string> ArchiveSuffix(std::string_view bytes) {
  if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') return ".tar.gz";
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ".zip";
  if (bytes.size() >= 262 && bytes.substr(257, 5) == "ustar") return ".tar";
  return std::nullopt;
}

Result<StagedUpload> StagedUpload::Write(const std::filesystem::path& scratch,
                                         std::string_view bytes) {
  const auto suffix = ArchiveSuffix(bytes);
  if (!suffix) return BadInput("the upload is not a .tar.gz, .tar or .zip bundle archive");
  std::error_code ec;
  std::filesystem::create_directories(scratch, ec);
  std::string pattern = (scratch / "upload-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    return Internal("mkdtemp(" + pattern +
                    "): " + std::error_code(errno, std::generic_category()).message());
  StagedUpload staged(pattern, std::filesystem::path(pattern) / ("upload" + *suffix));
  UniqueFd fd(open(staged.path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.valid()) return Internal("open(" + staged.path_.string() + "): cannot stage the upload");
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd.get(), bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal("write(" + staged.path_.string() + "): cannot stage the upload");
    written += static_cast<std::size_t>(n);
  }
  return staged;
}

StagedUpload::StagedUpload(StagedUpload&& other) noexcept
    : folder_(std::move(other.folder_)), path_(std::move(other.path_)) {
  other.folder_.clear();
}

StagedUpload::~StagedUpload() {
  if (folder_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(folder_, ec);
}

std::string StagedUpload::Redact(const std::string& message) const {
  std::string out = message;
  const std::string path = path_.string();
  for (auto at = out.find(path); at != std::string::npos; at = out.find(path))
    out.replace(at, path.size(), "upload");
  return out;
}

}  // namespace pocsift
