// Reads a bundle stored as a .tar.gz (or .tar) or .zip archive, with libarchive.
#pragma once

#include <filesystem>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

// Streams every member of the archive at `path` into `files`, trusting nothing it declares:
// sizes are counted as bytes come out, so a member that claims 10 bytes and inflates to
// 4 GB stops at the per-file cap. Refuses hard links, devices, FIFOs, more members than
// `max_entries`, and output larger than `max_compression_ratio` times the archive's own size
// (a zip or gzip bomb). A truncated or corrupt archive is a BadInput error naming the member.
Status ReadBundleArchive(const std::filesystem::path& path, BundleFiles& files);

// True when `path`'s name ends in one of the archive suffixes pocsift accepts.
bool LooksLikeArchive(const std::filesystem::path& path);

}  // namespace pocsift
