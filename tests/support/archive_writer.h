// Builds .tar.gz and .zip archives with libarchive for tests, including hostile members that
// no well-behaved tool would write (traversal names, links out, devices, lying sizes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pocsift::testing {

struct ArchiveMember {
  enum class Kind { kFile, kDir, kSymlink, kHardlink, kFifo, kCharDevice };
  std::string name;
  Kind kind = Kind::kFile;
  std::string content;      // for kFile
  std::string link_target;  // for kSymlink, kHardlink
  // For kFile: write this many zero bytes instead of `content` (compressible bulk).
  std::uint64_t zero_bytes = 0;
};

enum class ArchiveFormat { kTarGz, kZip };

// Writes `members` in order to `path`.
void WriteArchive(const std::filesystem::path& path, ArchiveFormat format,
                  const std::vector<ArchiveMember>& members);

}  // namespace pocsift::testing
