// What the fuzz targets share: a bundle's file list for manifests to refer to, a scratch file
// for parsers that read from a path, and gzip for targets whose parser reads compressed input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/bundle_files.h"

namespace pocsift::fuzz {

// The files the example bundles in fixtures/bundles refer to (README.md, each app package,
// a fixture and a body file), so that mutated example manifests get past the file checks.
const FileMap& ExampleBundleFiles();

// A file in a private temporary folder, rewritten for every input and removed at exit.
class ScratchFile {
 public:
  explicit ScratchFile(std::string_view name);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Replaces the file's content; aborts if it cannot (the harness's fault, not the input's).
  const std::filesystem::path& Write(std::string_view bytes) const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

// `bytes` as a gzip stream (RFC 1952), so mutations reach the parser after decompression.
std::string Gzip(std::string_view bytes);

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace pocsift::fuzz
