#include "engine/ingest/bundle_folder_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "engine/bundle_path.h"
#include "engine/one_line.h"

namespace pocsift {
namespace fs = std::filesystem;
namespace {

Status WriteFile(const fs::path& path, const std::string& content) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Internal("cannot create " + path.string() + ": " + std::strerror(errno));
  std::string_view rest = content;
  while (!rest.empty()) {
    const ssize_t n = write(fd, rest.data(), rest.size());
    if (n <= 0) {
      const int saved = errno;
      close(fd);
      return Internal("cannot write " + path.string() + ": " + std::strerror(saved));
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (close(fd) != 0) return Internal("cannot write " + path.string() + ": " + std::strerror(errno));
  return {};
}

}  // namespace

Status WriteBundleFolder(const FileMap& files, const fs::path& dir, bool replace) {
  std::error_code error;
  const bool exists = fs::exists(fs::symlink_status(dir, error));
  if (exists) {
    const bool is_dir = fs::is_directory(fs::symlink_status(dir, error));
    const bool empty = is_dir && fs::is_empty(dir, error);
    const bool earlier_bundle = is_dir && fs::exists(dir / "poc.json", error);
    if (!replace || !(empty || earlier_bundle))
      return BadInput(dir.string() + " already exists" +
                      (replace ? " and is not a bundle folder; choose another -o"
                               : "; choose another -o or pass --force to replace a bundle"));
  }
  fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
  std::string pattern = (parent / (".pocsift-ingest-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr)
    return Internal("cannot create a folder in " + parent.string() + ": " + std::strerror(errno));
  const fs::path staging = pattern;
  const auto fail = [&](Error e) {
    fs::remove_all(staging, error);
    return Status(std::move(e));
  };
  for (const auto& [raw, content] : files) {
    auto path = NormalizeBundlePath(raw, BundleLimits{});
    if (!path) return fail(Internal("ingest produced a bad path: " + path.error().message));
    const fs::path target = staging / path.value();
    fs::create_directories(target.parent_path(), error);
    if (error) return fail(Internal("cannot create " + target.parent_path().string() + ": " +
                                    error.message()));
    if (auto status = WriteFile(target, content); !status) return fail(status.error());
  }
  fs::permissions(staging, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec, error);
  if (exists) fs::remove_all(dir, error);
  fs::rename(staging, dir, error);
  if (error) return fail(Internal("cannot move the bundle to " + dir.string() + ": " + error.message()));
  return {};
}

}  // namespace pocsift
