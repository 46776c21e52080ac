#include "tests/fuzz/fuzz_input.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace pocsift::fuzz {

const FileMap& ExampleBundleFiles() {
  static const FileMap kFiles = [] {
    FileMap files = {{"README.md", "# How to reproduce\n"},
                     {"body.bin", "payload"},
                     {"pocapp/fixtures/data.json", "[]"}};
    for (const char* package : {"pocapp", "notes", "shop", "catalog", "accounts", "tools"}) {
      files.emplace(std::string(package) + "/__init__.py", "");
      files.emplace(std::string(package) + "/urls.py", "urlpatterns = []\n");
    }
    return files;
  }();
  return kFiles;
}

namespace {

// $TMPDIR if set; else /dev/shm (memory) when there is one, else the system's temporary folder.
// On a disk-backed /tmp the write of every input was half of the `bundle` target's time
// (kernel I/O); in memory it runs 2.8 times as many executions a second.
std::filesystem::path ScratchRoot() {
  if (const char* tmpdir = std::getenv("TMPDIR"); tmpdir != nullptr && *tmpdir != '\0') return tmpdir;
  if (::access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

}  // namespace

ScratchFile::ScratchFile(std::string_view name) {
  std::string pattern = (ScratchRoot() / "pocsift-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  dir_ = pattern;
  path_ = dir_ / name;
}

ScratchFile::~ScratchFile() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

const std::filesystem::path& ScratchFile::Write(std::string_view bytes) const {
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::perror(path_.c_str());
    std::abort();
  }
  return path_;
}

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer rather than a zlib one.
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    std::abort();
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::vector<nlohmann::json> DecodeFrameLines(std::string_view text, sandbox::FrameLimits limits) {
  sandbox::FrameDecoder decoder(limits);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    const auto n = static_cast<std::uint32_t>(line.size());
    const char header[sandbox::kFrameHeaderBytes] = {
        static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
        static_cast<char>(n)};
    if (!decoder.Feed(std::string_view(header, sizeof header)) || !decoder.Feed(line)) break;
    at = end + 1;
  }
  return decoder.TakeFrames();
}

}  // namespace pocsift::fuzz
