// BundleFiles: the regular files of a bundle as they are read, with every cap enforced as
// they arrive. Both readers (folder and archive) feed one of these, so a bundle is judged by
// the same rules whatever its container.
//
// Lifecycle: AddFile()/AddLink() while reading, then Finish() once, which resolves links that
// stay inside the bundle and strips a single top-level folder when poc.json is not at the root.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/bundle_limits.h"
#include "engine/result.h"

namespace pocsift {

// Path -> content, ordered by path bytes (the canonical order used for the bundle's hash).
using FileMap = std::map<std::string, std::string>;

class BundleFiles {
 public:
  explicit BundleFiles(const BundleLimits& limits) : limits_(limits) {}

  // Checks `raw_path`, the file count and the total size; takes `content`.
  Status AddFile(std::string_view raw_path, std::string content);
  // Records a symbolic link; its target must resolve lexically inside the bundle.
  Status AddLink(std::string_view raw_path, std::string_view target);
  // Counts `bytes` more towards the total before they are read, so a reader can stop early.
  Status Reserve(std::uint64_t bytes) const;

  // Resolves links (a link becomes a copy of the regular file it points at) and strips a
  // single top-level folder that holds poc.json. Returns the files.
  Result<FileMap> Finish() &&;

  const BundleLimits& limits() const { return limits_; }
  std::uint64_t total_bytes() const { return total_bytes_; }

 private:
  Status CheckNewPath(const std::string& path) const;

  BundleLimits limits_;
  FileMap files_;
  std::map<std::string, std::string> links_;  // link path -> resolved target path
  std::uint64_t total_bytes_ = 0;
};

}  // namespace pocsift
