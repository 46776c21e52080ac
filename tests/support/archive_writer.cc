#include "tests/support/archive_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <stdexcept>

namespace pocsift::testing {
namespace {

void Check(int rc, archive* a, const char* what) {
  if (rc < ARCHIVE_WARN) throw std::runtime_error(std::string(what) + ": " + archive_error_string(a));
}

void WriteZeros(archive* a, std::uint64_t count) {
  const std::string block(1 << 16, '\0');
  while (count > 0) {
    const std::size_t n = count < block.size() ? static_cast<std::size_t>(count) : block.size();
    archive_write_data(a, block.data(), n);
    count -= n;
  }
}

void WriteMember(archive* a, const ArchiveMember& m) {
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, m.name.c_str());
  archive_entry_set_perm(entry, 0644);
  using Kind = ArchiveMember::Kind;
  switch (m.kind) {
    case Kind::kFile:
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, static_cast<la_int64_t>(m.zero_bytes ? m.zero_bytes
                                                                          : m.content.size()));
      break;
    case Kind::kDir:
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
      break;
    case Kind::kSymlink:
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, m.link_target.c_str());
      break;
    case Kind::kHardlink:
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, m.link_target.c_str());
      break;
    case Kind::kFifo:
      archive_entry_set_filetype(entry, AE_IFIFO);
      break;
    case Kind::kCharDevice:
      archive_entry_set_filetype(entry, AE_IFCHR);
      archive_entry_set_rdev(entry, makedev(1, 3));
      break;
  }
  Check(archive_write_header(a, entry), a, "archive_write_header");
  if (m.kind == Kind::kFile) {
    if (m.zero_bytes > 0) {
      WriteZeros(a, m.zero_bytes);
    } else if (!m.content.empty()) {
      archive_write_data(a, m.content.data(), m.content.size());
    }
  }
  archive_entry_free(entry);
}

}  // namespace

void WriteArchive(const std::filesystem::path& path, ArchiveFormat format,
                  const std::vector<ArchiveMember>& members) {
  archive* a = archive_write_new();
  if (format == ArchiveFormat::kTarGz) {
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
  } else {
    archive_write_set_format_zip(a);
  }
  Check(archive_write_open_filename(a, path.c_str()), a, "archive_write_open_filename");
  for (const auto& member : members) WriteMember(a, member);
  archive_write_close(a);
  archive_write_free(a);
}

}  // namespace pocsift::testing
