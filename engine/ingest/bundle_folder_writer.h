// Writes an ingested bundle to a new folder.
//
// Every path is checked again with NormalizeBundlePath before it is joined to the folder. The
// files are written into a fresh sibling folder (mkdtemp), which is then renamed into place,
// so a failed write leaves nothing half-made. An existing `dir` is refused, unless `replace`
// is set and it is an earlier bundle (it holds poc.json) or empty.
#pragma once

#include <filesystem>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

Status WriteBundleFolder(const FileMap& files, const std::filesystem::path& dir, bool replace);

}  // namespace pocsift
