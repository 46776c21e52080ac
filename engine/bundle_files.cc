#include "engine/bundle_files.h"

#include "engine/bundle_path.h"

namespace pocsift {
namespace {

constexpr std::string_view kManifestName = "poc.json";

// "pkg/poc.json" style bundles (an archive of a folder): the folder every path starts with,
// or "" when there is none or poc.json is already at the root.
std::string SingleTopFolder(const FileMap& files) {
  if (files.empty() || files.contains(std::string(kManifestName))) return "";
  const std::string& first = files.begin()->first;
  const auto slash = first.find('/');
  if (slash == std::string::npos) return "";
  const std::string prefix = first.substr(0, slash + 1);
  for (const auto& [path, content] : files) {
    if (!path.starts_with(prefix)) return "";
  }
  return files.contains(prefix + std::string(kManifestName)) ? prefix : "";
}

}  // namespace

Status BundleFiles::CheckNewPath(const std::string& path) const {
  if (files_.contains(path) || links_.contains(path))
    return BadInput("\"" + path + "\" appears twice in the bundle");
  if (files_.size() + links_.size() >= limits_.max_files)
    return BadInput("the bundle has more than " + std::to_string(limits_.max_files) + " files");
  return {};
}

Status BundleFiles::Reserve(std::uint64_t bytes) const {
  if (bytes > limits_.max_file_bytes)
    return BadInput("a file of " + std::to_string(bytes) + " bytes is larger than the " +
                    std::to_string(limits_.max_file_bytes) + "-byte cap per file");
  if (total_bytes_ + bytes > limits_.max_total_bytes)
    return BadInput("the bundle is larger than the " + std::to_string(limits_.max_total_bytes) +
                    "-byte cap in total");
  return {};
}

Status BundleFiles::AddFile(std::string_view raw_path, std::string content) {
  auto path = NormalizeBundlePath(raw_path, limits_);
  if (!path) return path.error();
  if (auto status = CheckNewPath(path.value()); !status) return status;
  if (auto status = Reserve(content.size()); !status) {
    return BadInput("\"" + path.value() + "\": " + status.error().message);
  }
  total_bytes_ += content.size();
  files_.emplace(std::move(path).value(), std::move(content));
  return {};
}

Status BundleFiles::AddLink(std::string_view raw_path, std::string_view target) {
  auto path = NormalizeBundlePath(raw_path, limits_);
  if (!path) return path.error();
  if (auto status = CheckNewPath(path.value()); !status) return status;
  auto resolved = ResolveLinkTarget(path.value(), target, limits_);
  if (!resolved) return resolved.error();
  links_.emplace(std::move(path).value(), std::move(resolved).value());
  return {};
}

Result<FileMap> BundleFiles::Finish() && {
  for (const auto& [link, first_target] : links_) {
    std::string target = first_target;
    for (int hop = 0; links_.contains(target); ++hop) {
      if (hop >= limits_.max_link_hops)
        return BadInput("link \"" + link + "\" is part of a loop or a chain of more than " +
                        std::to_string(limits_.max_link_hops) + " links");
      target = links_.at(target);
    }
    const auto found = files_.find(target);
    if (found == files_.end())
      return BadInput("link \"" + link + "\" points at \"" + target +
                      "\", which is not a file in the bundle");
    if (auto status = Reserve(found->second.size()); !status)
      return BadInput("link \"" + link + "\": " + status.error().message);
    total_bytes_ += found->second.size();
    files_.emplace(link, found->second);
  }
  const std::string top = SingleTopFolder(files_);
  if (top.empty()) return std::move(files_);
  FileMap stripped;
  for (auto& [path, content] : files_) stripped.emplace(path.substr(top.size()), std::move(content));
  return stripped;
}

}  // namespace pocsift
