// A loaded bundle: its files, its validated manifest and its content hash.
//
// LoadBundle() is the only way bundle bytes enter the engine. It reads a folder, a .tar.gz or a
// .zip under BundleLimits, checks every path, parses poc.json, and hashes a canonical listing
// so the same content gives the same case id whatever its container.
#pragma once

#include <filesystem>
#include <string>

#include "engine/bundle_files.h"
#include "engine/bundle_limits.h"
#include "engine/manifest.h"
#include "engine/result.h"

namespace pocsift {

struct Bundle {
  std::string origin;  // the path it was loaded from, for messages
  FileMap files;       // every regular file, by canonical relative path
  std::string sha256;  // of the canonical listing (see CanonicalListing)
  Manifest manifest;

  // "c-" and the first 16 hex digits of sha256.
  std::string case_id() const { return "c-" + sha256.substr(0, 16); }
};

// Loads and validates the bundle at `path` (a folder, or a file named *.tar.gz, *.tgz, *.tar
// or *.zip). Every failure is ErrorKind::kBadInput with a one-line message that names the
// bundle and the problem, except I/O failures of the engine's own (kInternal).
Result<Bundle> LoadBundle(const std::filesystem::path& path, const BundleLimits& limits = {});

// One line per file, "<sha256 of content> <size> <path>\n", in path order: the bytes hashed
// into Bundle::sha256.
std::string CanonicalListing(const FileMap& files);

}  // namespace pocsift
