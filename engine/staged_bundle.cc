#include "engine/staged_bundle.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

namespace pocsift {

Result<StagedBundle> StagedBundle::Stage(const FileMap& files) {
  return Stage(files, std::filesystem::temp_directory_path());
}

Result<StagedBundle> StagedBundle::Stage(const FileMap& files,
                                         const std::filesystem::path& parent) {
  std::string pattern = (parent / "pocsift-bundle-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Internal("cannot create a staging folder");
  StagedBundle staged{std::filesystem::path(pattern)};
  chmod(pattern.c_str(), 0755);
  for (const auto& [relative, content] : files) {
    const auto target = staged.path_ / relative;  // relative paths were checked at load
    std::error_code error;
    std::filesystem::create_directories(target.parent_path(), error);
    for (auto dir = target.parent_path(); dir != staged.path_ && !error; dir = dir.parent_path())
      chmod(dir.c_str(), 0755);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (error || !out.flush()) return Internal("cannot stage " + relative + " for the sandbox");
    chmod(target.c_str(), 0644);
  }
  return staged;
}

StagedBundle::~StagedBundle() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace pocsift
