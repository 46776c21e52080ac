#include "engine/bundle_archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "engine/one_line.h"

namespace pocsift {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

// libarchive's message, as one line: some of its messages end in a newline ("ZIP uncompressed
// data is wrong size …\n") and some quote the archive's own bytes.
std::string LibarchiveError(archive* a) {
  const char* text = archive_error_string(a);
  std::string_view message = text != nullptr ? text : "unknown libarchive error";
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == ' '))
    message.remove_suffix(1);
  return OneLine(message);
}

// Tracks the archive's output against its compressed size (bomb detection).
struct Budget {
  std::uint64_t archive_bytes;
  std::uint64_t written = 0;

  Status Add(std::uint64_t bytes, const BundleLimits& limits) {
    written += bytes;
    const bool over_floor = written > limits.ratio_floor_bytes;
    if (over_floor && written > archive_bytes * limits.max_compression_ratio)
      return BadInput("the archive expands more than " +
                      std::to_string(limits.max_compression_ratio) +
                      " times its own size: refused as an archive bomb");
    return {};
  }
};

Result<std::string> ReadMember(archive* a, const std::string& name, BundleFiles& files,
                               Budget& budget) {
  std::string content;
  std::array<char, 64 * 1024> buffer{};
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) return BadInput("\"" + name + "\": corrupt or truncated: " + LibarchiveError(a));
    const auto count = static_cast<std::uint64_t>(n);
    if (auto status = files.Reserve(content.size() + count); !status)
      return BadInput("\"" + name + "\": " + status.error().message);
    if (auto status = budget.Add(count, files.limits()); !status) return status.error();
    content.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return content;
}

Status ReadEntry(archive* a, archive_entry* entry, BundleFiles& files, Budget& budget) {
  const char* raw_name = archive_entry_pathname(entry);
  const std::string name = raw_name != nullptr ? raw_name : "";
  const std::string shown = OneLine(name);  // for messages: the name may hold any byte
  if (archive_entry_hardlink(entry) != nullptr)
    return BadInput("\"" + shown + "\" is a hard link; a bundle holds only files");
  switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return {};
    case AE_IFLNK: {
      const char* target = archive_entry_symlink(entry);
      return files.AddLink(name, target != nullptr ? target : "");
    }
    case AE_IFREG: {
      if (archive_entry_size_is_set(entry) != 0) {
        if (auto status = files.Reserve(static_cast<std::uint64_t>(archive_entry_size(entry)));
            !status)
          return BadInput("\"" + shown + "\": " + status.error().message);
      }
      auto content = ReadMember(a, shown, files, budget);
      if (!content) return content.error();
      return files.AddFile(name, std::move(content).value());
    }
    default:
      return BadInput("\"" + shown + "\" is a device, FIFO or socket; a bundle holds only files");
  }
}

}  // namespace

bool LooksLikeArchive(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  for (const char* suffix : {".tar.gz", ".tgz", ".tar", ".zip"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

Status ReadBundleArchive(const std::filesystem::path& path, BundleFiles& files) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return BadInput("cannot read the archive");
  ArchivePtr a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK)
    return BadInput("not a readable .tar.gz or .zip archive: " +
                    LibarchiveError(a.get()));
  Budget budget{static_cast<std::uint64_t>(st.st_size)};
  std::uint64_t entries = 0;
  for (;;) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN)
      return BadInput("corrupt or truncated archive: " +
                      LibarchiveError(a.get()));
    if (++entries > files.limits().max_entries)
      return BadInput("more than " +
                      std::to_string(files.limits().max_entries) + " archive members");
    if (auto status = ReadEntry(a.get(), entry, files, budget); !status) return status;
  }
  return {};
}

}  // namespace pocsift
