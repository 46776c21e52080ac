// Resource bounds under attack (docs/fuzzing.md, "Bounds"): each hostile input is refused, and
// the process that refused it never grew past the documented peak resident set. Each attack
// runs in a forked child so its peak (wait4's ru_maxrss) is its own; nothing here times
// anything. The inputs are crafted byte by byte or streamed, never materialized at full size.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include "engine/bundle.h"
#include "engine/fixed_range.h"
#include "engine/manifest.h"
#include "sandbox/channel.h"
#include "tests/support/temp_dir.h"

namespace pocsift {
namespace {

using testing::TempDir;

// Peak resident set the documented bounds allow, in MiB. A sanitizer build keeps freed memory
// in quarantine and shadows every byte, so its allowance is larger (docs/fuzzing.md).
#if defined(__SANITIZE_ADDRESS__)
constexpr long kSanitizerExtraMib = 320;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kSanitizerExtraMib = 320;
#else
constexpr long kSanitizerExtraMib = 0;
#endif
#else
constexpr long kSanitizerExtraMib = 0;
#endif

struct ChildRun {
  bool refused = false;
  long max_rss_mib = 0;
};

// Runs `attack` in a child; it returns true when the input was refused.
ChildRun RunInChild(const std::function<bool()>& attack) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) _exit(attack() ? 0 : 1);
  int status = 0;
  rusage usage{};
  EXPECT_EQ(wait4(pid, &status, 0, &usage), pid);
  EXPECT_TRUE(WIFEXITED(status)) << "the child died (status " << status << ")";
  return {WIFEXITED(status) && WEXITSTATUS(status) == 0, usage.ru_maxrss / 1024};
}

void ExpectRefusedWithin(const std::function<bool()>& attack, long bound_mib) {
  const ChildRun run = RunInChild(attack);
  EXPECT_TRUE(run.refused);
  EXPECT_LE(run.max_rss_mib, bound_mib + kSanitizerExtraMib);
  std::printf("peak resident set %ld MiB (bound %ld MiB + %ld)\n", run.max_rss_mib, bound_mib,
              kSanitizerExtraMib);
}

void PutLe(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// A ustar header for a regular file `name` declaring `size` bytes (the data is not included).
std::string TarHeader(const std::string& name, std::uint64_t size) {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  std::snprintf(h.data() + 100, 8, "%07o", 0644);
  std::snprintf(h.data() + 108, 8, "%07o", 0);
  std::snprintf(h.data() + 116, 8, "%07o", 0);
  std::snprintf(h.data() + 124, 12, "%011llo", static_cast<unsigned long long>(size));
  std::snprintf(h.data() + 136, 12, "%011o", 0);
  h[156] = '0';
  h.replace(257, 6, std::string("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (const char c : h) sum += static_cast<unsigned char>(c);
  std::snprintf(h.data() + 148, 8, "%06o", sum);
  h[155] = ' ';
  return h;
}

// One zip member as a local header + data, with the sizes and count it claims under control.
struct ZipMember {
  std::string name;
  std::string data;  // as stored (already compressed when method is 8)
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint32_t claimed_size = 0;  // uncompressed size written in both headers
};

// A zip whose end of central directory (and zip64 end record) claim `claimed_entries`.
std::string Zip(const std::vector<ZipMember>& members, std::uint64_t claimed_entries) {
  std::string out, central;
  for (const ZipMember& m : members) {
    const auto offset = out.size();
    PutLe(out, 0x04034b50, 4);
    PutLe(out, 20, 2), PutLe(out, 0, 2), PutLe(out, m.method, 2), PutLe(out, 0, 4);
    PutLe(out, m.crc, 4), PutLe(out, m.data.size(), 4), PutLe(out, m.claimed_size, 4);
    PutLe(out, m.name.size(), 2), PutLe(out, 0, 2);
    out += m.name + m.data;
    PutLe(central, 0x02014b50, 4);
    PutLe(central, 20, 2), PutLe(central, 20, 2), PutLe(central, 0, 2);
    PutLe(central, m.method, 2), PutLe(central, 0, 4), PutLe(central, m.crc, 4);
    PutLe(central, m.data.size(), 4), PutLe(central, m.claimed_size, 4);
    PutLe(central, m.name.size(), 2), PutLe(central, 0, 2), PutLe(central, 0, 2);
    PutLe(central, 0, 2), PutLe(central, 0, 2), PutLe(central, 0100644u << 16, 4);
    PutLe(central, offset, 4);
    central += m.name;
  }
  const auto cd_offset = out.size();
  out += central;
  const auto zip64_offset = out.size();
  PutLe(out, 0x06064b50, 4), PutLe(out, 44, 8), PutLe(out, 45, 2), PutLe(out, 45, 2);
  PutLe(out, 0, 4), PutLe(out, 0, 4), PutLe(out, claimed_entries, 8);
  PutLe(out, claimed_entries, 8), PutLe(out, central.size(), 8), PutLe(out, cd_offset, 8);
  PutLe(out, 0x07064b50, 4), PutLe(out, 0, 4), PutLe(out, zip64_offset, 8), PutLe(out, 1, 4);
  PutLe(out, 0x06054b50, 4), PutLe(out, 0, 2), PutLe(out, 0, 2);
  PutLe(out, 0xffff, 2), PutLe(out, 0xffff, 2);
  PutLe(out, 0xffffffff, 4), PutLe(out, 0xffffffff, 4), PutLe(out, 0, 2);
  return out;
}

ZipMember Stored(std::string name, std::string data) {
  ZipMember m{std::move(name), std::move(data)};
  m.crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(m.data.data()), static_cast<uInt>(m.data.size())));
  m.claimed_size = static_cast<std::uint32_t>(m.data.size());
  return m;
}

constexpr std::uint64_t kGiB = 1ull << 30;

// `total` bytes of 'a' with no newline (one line), deflated as it is generated; `wrap` is
// zlib's windowBits (-15 raw deflate for a zip member, 31 for a gzip file).
std::string DeflatedLine(std::uint64_t total, int wrap) {
  z_stream z{};
  // Z_RLE: a run of one byte compresses as well as with the default strategy, much faster.
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, wrap, 9, Z_RLE), Z_OK);
  const std::string chunk(1 << 20, 'a');
  std::string out;
  std::string buffer(1 << 16, '\0');
  for (std::uint64_t fed = 0; fed <= total; fed += chunk.size()) {
    const bool last = fed == total;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = last ? 0 : static_cast<uInt>(chunk.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer.data(), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
    if (last) break;
  }
  deflateEnd(&z);
  return out;
}

std::filesystem::path WriteFile(const TempDir& dir, const std::string& name,
                                const std::string& bytes) {
  const auto path = dir.path() / name;
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// A 4 GB declared size: refused from the header, before any data is read.
TEST(ResourceBounds, TarMemberDeclaringFourGigabytesIsRefusedFromItsHeader) {
  TempDir dir;
  const auto path = WriteFile(dir, "b.tar", TarHeader("poc.json", 4 * kGiB) + std::string(1024, 'x'));
  ExpectRefusedWithin([&] {
    const auto bundle = LoadBundle(path);
    return !bundle && bundle.error().message.find("4294967296 bytes") != std::string::npos;
  }, 32);
}

TEST(ResourceBounds, ZipMemberDeclaringFourGigabytesIsRefusedFromItsHeader) {
  TempDir dir;
  ZipMember m = Stored("poc.json", "{}");
  m.claimed_size = 0xffffffff;
  const auto path = WriteFile(dir, "b.zip", Zip({m}, 1));
  ExpectRefusedWithin([&] { return !LoadBundle(path); }, 32);
}

TEST(ResourceBounds, SparseFourGigabyteFileInAFolderIsRefusedFromItsSize) {
  TempDir dir;
  dir.Write("bundle/poc.json", "{}");
  ASSERT_EQ(truncate((dir.path() / "bundle/poc.json").c_str(), static_cast<off_t>(4 * kGiB)), 0);
  ExpectRefusedWithin([&] { return !LoadBundle(dir.path() / "bundle"); }, 32);
}

// A central directory that claims a billion entries: libarchive walks the entries that are
// really there, and pocsift stops at max_entries whatever the claim.
TEST(ResourceBounds, ZipClaimingABillionEntriesIsRefused) {
  TempDir dir;
  const auto path = WriteFile(dir, "b.zip", Zip({Stored("poc.json", "{}")}, 1'000'000'000));
  ExpectRefusedWithin([&] { return !LoadBundle(path); }, 32);
}

TEST(ResourceBounds, ZipWithMoreEntriesThanTheCapIsRefusedAtTheCap) {
  TempDir dir;
  std::vector<ZipMember> members;
  for (int i = 0; i < 5001; ++i) members.push_back(Stored("d" + std::to_string(i) + "/", ""));
  const auto path = WriteFile(dir, "b.zip", Zip(members, members.size()));
  ExpectRefusedWithin([&] {
    const auto bundle = LoadBundle(path);
    return !bundle && bundle.error().message.find("more than 5000 archive members") !=
                          std::string::npos;
  }, 32);
}

// `json` behind a 4-byte big-endian length, as the harness writes a frame.
std::string RawFrame(const std::string& json) {
  std::string frame(4, '\0');
  const auto n = static_cast<std::uint32_t>(json.size());
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
  return frame + json;
}

const std::string kDeepJson = std::string(100'000, '[') + std::string(100'000, ']');

TEST(ResourceBounds, ManifestNestedAHundredThousandLevelsIsRefused) {
  ExpectRefusedWithin([] {
    const auto manifest = ParseManifest(kDeepJson, {});
    return !manifest && manifest.error().message.find("nested deeper than 64") != std::string::npos;
  }, 32);
}

// Regression (found by reading for the channel fuzz target): a run's code can write its own
// frames; a deep one decoded, then overflowed the engine's stack when it was copied or dumped.
TEST(ResourceBounds, HarnessFrameNestedAHundredThousandLevelsIsRefused) {
  ExpectRefusedWithin([] {
    sandbox::FrameDecoder decoder({});
    const auto status = decoder.Feed(RawFrame(kDeepJson));
    return !status && status.error().message.find("nested deeper than 64") != std::string::npos &&
           decoder.frames().empty();
  }, 32);
}

TEST(ResourceBounds, FramesNestedAtTheLimitStillDecode) {
  sandbox::FrameDecoder decoder({});
  ASSERT_TRUE(decoder.Feed(RawFrame(std::string(64, '[') + "\"[[[{{\"" + std::string(64, ']'))));
  EXPECT_EQ(decoder.frames().size(), 1u);
}

// A 1 GB line of output from the run (a harness printing text instead of frames), fed as a
// pipe delivers it: refused within the channel's 8 MB total, so the rest is never read.
TEST(ResourceBounds, GigabyteLineOnTheChannelIsRefusedWithinTheTotalCap) {
  ExpectRefusedWithin([] {
    sandbox::FrameDecoder decoder({});
    const std::string chunk(1 << 16, 'a');
    for (std::uint64_t fed = 0; fed < kGiB; fed += chunk.size()) {
      if (!decoder.Feed(chunk)) return decoder.bytes_seen() <= (8u << 20);
    }
    return false;
  }, 32);
}

// A 1 GB line in a zip member that claims to be 10 bytes: counted as it inflates and refused
// at the per-file cap (16 MiB), whatever the header said.
TEST(ResourceBounds, GigabyteLineInAMemberThatClaimsTenBytesIsRefusedAtTheFileCap) {
  TempDir dir;
  ZipMember m{"poc.json", DeflatedLine(kGiB, -15), 8, 0, 10};
  const auto path = WriteFile(dir, "b.zip", Zip({m}, 1));
  ExpectRefusedWithin([&] { return !LoadBundle(path); }, 96);
}

// A 1 GB line in a runtime's changelog.Debian.gz: read up to 8 MiB, never further.
TEST(ResourceBounds, GigabyteLineInAChangelogIsReadOnlyToItsCap) {
  TempDir dir;
  const auto path = WriteFile(dir, "changelog.Debian.gz", DeflatedLine(kGiB, 31));
  ExpectRefusedWithin([&] { return ChangelogCves(path).empty(); }, 64);
}

}  // namespace
}  // namespace pocsift
