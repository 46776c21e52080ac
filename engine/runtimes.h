// The Django runtimes installed in the machine-level cache by scripts/install-runtimes.
//
// The cache key is the first 16 hex digits of the SHA-256 of fixtures/runtimes/runtimes.tsv,
// so a checkout finds exactly the runtimes built for its spec; the lock file written there
// (runtimes.lock.json, format "pocsift-runtimes/1") records the exact versions (docs/runtimes.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/result.h"

namespace pocsift {

struct Runtime {
  std::string id;              // "4.2-bpo"
  std::string series;          // "4.2"
  std::string django_version;  // "4.2.21"
  std::string python_version;  // "3.11.2"
  std::string rootfs_suite;    // "bookworm"
  std::string django_suite;    // "bookworm-backports"
  std::filesystem::path rootfs;       // the root file system the sandbox runs in
  std::filesystem::path path;         // the folder bound at /pocsift/django
  std::filesystem::path objects_inv;  // python-django-doc's Sphinx inventory
  std::filesystem::path changelog;    // the Django package's changelog.Debian.gz
};

struct RuntimeSet {
  std::string key;
  std::filesystem::path lock_file;
  std::vector<Runtime> runtimes;
};

// The cache key for a runtime spec's bytes.
std::string RuntimeCacheKey(std::string_view spec_bytes);

// Reads the lock for the spec under `home` from the cache under `cache_root`. kUnavailable,
// with the command that builds them, when the runtimes are not installed; kInternal when the
// lock exists but is malformed.
Result<RuntimeSet> LoadRuntimes(const std::filesystem::path& home,
                                const std::filesystem::path& cache_root);

}  // namespace pocsift
