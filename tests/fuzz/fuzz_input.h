// What the fuzz targets share: a bundle's file list for manifests to refer to, a scratch file
// for parsers that read from a path, gzip for targets whose parser reads compressed input, and
// frames written as JSON lines for targets that read a sandboxed run's answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/bundle_files.h"
#include "sandbox/channel.h"

namespace pocsift::fuzz {

// The files the example bundles in fixtures/bundles refer to (README.md, each app package,
// a fixture and a body file), so that mutated example manifests get past the file checks.
const FileMap& ExampleBundleFiles();

// A file in a private temporary folder ($TMPDIR, else /dev/shm when there is one), rewritten
// for every input and removed at exit.
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

// Each line of `text` framed (4-byte length + the line) and decoded by FrameDecoder under
// `limits`, as the launcher decodes a run's stdout: the frames up to the first refused one.
// Lines let the fuzzer mutate the JSON freely without breaking the length headers.
std::vector<nlohmann::json> DecodeFrameLines(std::string_view text, sandbox::FrameLimits limits);

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace pocsift::fuzz
