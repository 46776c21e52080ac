#include "engine/bundle.h"

#include <sys/stat.h>

#include "engine/bundle_archive_reader.h"
#include "engine/bundle_folder_reader.h"
#include "engine/sha256.h"

namespace pocsift {
namespace {

Result<FileMap> ReadFiles(const std::filesystem::path& path, const BundleLimits& limits) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return BadInput("no such file or folder");
  BundleFiles files(limits);
  Status status;
  if (S_ISDIR(st.st_mode)) {
    status = ReadBundleFolder(path, files);
  } else if (S_ISREG(st.st_mode) && LooksLikeArchive(path)) {
    status = ReadBundleArchive(path, files);
  } else {
    status = BadInput("expected a bundle folder or a .tar.gz or .zip archive");
  }
  if (!status) return status.error();
  return std::move(files).Finish();
}

}  // namespace

std::string CanonicalListing(const FileMap& files) {
  std::string listing;
  for (const auto& [path, content] : files) {
    listing += Sha256Hex(content) + " " + std::to_string(content.size()) + " " + path + "\n";
  }
  return listing;
}

Result<Bundle> LoadBundle(const std::filesystem::path& path, const BundleLimits& limits) {
  const std::string name = path.string();
  auto files = ReadFiles(path, limits);
  if (!files) return Error{files.error().kind, name + ": " + files.error().message};
  const auto manifest_file = files.value().find("poc.json");
  if (manifest_file == files.value().end())
    return BadInput(name + ": no poc.json at the bundle's root");
  if (manifest_file->second.size() > limits.max_manifest_bytes)
    return BadInput(name + ": poc.json is larger than " +
                    std::to_string(limits.max_manifest_bytes) + " bytes");
  auto manifest = ParseManifest(manifest_file->second, files.value());
  if (!manifest) return BadInput(name + ": " + manifest.error().message);
  Bundle bundle;
  bundle.origin = name;
  bundle.sha256 = Sha256Hex(CanonicalListing(files.value()));
  bundle.files = std::move(files).value();
  bundle.manifest = std::move(manifest).value();
  return bundle;
}

}  // namespace pocsift
