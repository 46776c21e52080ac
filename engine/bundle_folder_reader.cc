#include "engine/bundle_folder_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "engine/one_line.h"
#include "engine/unique_fd.h"

namespace pocsift {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<std::vector<std::string>> ListNames(int dir_fd) {
  const int dup_fd = dup(dir_fd);
  if (dup_fd < 0) return Internal(Errno("dup"));
  DIR* dir = fdopendir(dup_fd);
  if (dir == nullptr) {
    close(dup_fd);
    return Internal(Errno("fdopendir"));
  }
  std::vector<std::string> names;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  return names;
}

Status ReadRegular(int dir_fd, const std::string& name, const std::string& rel,
                   BundleFiles& files) {
  UniqueFd fd(openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return BadInput(Errno("cannot open \"" + rel + "\""));
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return Internal(Errno("fstat \"" + rel + "\""));
  if (!S_ISREG(st.st_mode)) return BadInput("\"" + rel + "\" changed while it was read");
  if (st.st_nlink > 1)
    return BadInput("\"" + rel + "\" is a hard link; copy the file into the bundle instead");
  if (auto status = files.Reserve(static_cast<std::uint64_t>(st.st_size)); !status)
    return BadInput("\"" + rel + "\": " + status.error().message);
  std::string content;
  content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = read(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return BadInput(Errno("cannot read \"" + rel + "\""));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  content.resize(done);
  return files.AddFile(rel, std::move(content));
}

Status ReadLink(int dir_fd, const std::string& name, const std::string& rel, BundleFiles& files) {
  std::string target(4096, '\0');
  const ssize_t n = readlinkat(dir_fd, name.c_str(), target.data(), target.size());
  if (n < 0) return BadInput(Errno("cannot read link \"" + rel + "\""));
  target.resize(static_cast<std::size_t>(n));
  return files.AddLink(rel, target);
}

Status Walk(int dir_fd, const std::string& prefix, std::uint64_t depth, BundleFiles& files) {
  if (depth > files.limits().max_path_depth)
    return BadInput("folder \"" + prefix + "\" is nested too deeply");
  auto names = ListNames(dir_fd);
  if (!names) return names.error();
  for (const auto& name : names.value()) {
    const std::string rel = prefix.empty() ? name : prefix + "/" + name;
    struct stat st {};
    if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return BadInput(Errno("cannot stat \"" + rel + "\""));
    Status status;
    if (S_ISDIR(st.st_mode)) {
      UniqueFd sub(openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub.get() < 0) return BadInput(Errno("cannot open folder \"" + rel + "\""));
      status = Walk(sub.get(), rel, depth + 1, files);
    } else if (S_ISREG(st.st_mode)) {
      status = ReadRegular(dir_fd, name, rel, files);
    } else if (S_ISLNK(st.st_mode)) {
      status = ReadLink(dir_fd, name, rel, files);
    } else {
      status = BadInput("\"" + rel + "\" is a device, FIFO or socket; a bundle holds only files");
    }
    if (!status) return status;
  }
  return {};
}

}  // namespace

Status ReadBundleFolder(const std::filesystem::path& root, BundleFiles& files) {
  UniqueFd dir(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return BadInput(Errno("cannot open bundle folder " + root.string()));
  // Messages quote names as they are on disk, where a name may hold a newline.
  if (auto status = Walk(dir.get(), "", 0, files); !status)
    return Error{status.error().kind, OneLine(status.error().message)};
  return {};
}

}  // namespace pocsift
