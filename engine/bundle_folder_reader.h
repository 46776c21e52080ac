// Reads a bundle stored as a folder on disk, without following links out of it.
#pragma once

#include <filesystem>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

// Walks `root` with openat()/O_NOFOLLOW from one directory descriptor, so no path component
// can be swapped for a link while it is read. Regular files are read up to the caps in
// `files.limits()`; links are recorded for BundleFiles to resolve; devices, FIFOs, sockets and
// regular files with more than one hard link (which may be a host file) are refused.
Status ReadBundleFolder(const std::filesystem::path& root, BundleFiles& files);

}  // namespace pocsift
