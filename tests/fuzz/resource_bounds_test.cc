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
#include <nlohmann/json.hpp>
#include <string>

#include "engine/bundle.h"
#include "engine/fixed_range.h"
#include "engine/manifest.h"
#include "sandbox/channel.h"
#include "tests/support/archive_writer.h"
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

// The other caps of a bundle and a manifest (docs/fuzzing.md, "The other caps"): each refused
// with its reason, within a bounded resident set.

constexpr std::uint64_t kMiB = 1ull << 20;

// Files of 15 MiB each (under the 16 MiB cap per file), sparse, until the bundle's 64 MiB cap
// in total is passed: refused at the file that passes it.
TEST(ResourceBounds, BundleOverTheTotalCapIsRefusedAtTheFileThatPassesIt) {
  TempDir dir;
  dir.Write("bundle/poc.json", "{}");
  for (int i = 0; i < 5; ++i) {
    const auto file = dir.Write("bundle/f" + std::to_string(i), "");
    ASSERT_EQ(truncate(file.c_str(), static_cast<off_t>(15 * kMiB)), 0);
  }
  ExpectRefusedWithin([&] {
    const auto bundle = LoadBundle(dir.path() / "bundle");
    return !bundle && bundle.error().message.find("67108864-byte cap in total") != std::string::npos;
  }, 96);
}

TEST(ResourceBounds, PocJsonOverItsCapIsRefused) {
  TempDir dir;
  dir.Write("bundle/poc.json", "{" + std::string(kMiB, ' ') + "}");
  ExpectRefusedWithin([&] {
    const auto bundle = LoadBundle(dir.path() / "bundle");
    return !bundle &&
           bundle.error().message.find("poc.json is larger than 1048576 bytes") != std::string::npos;
  }, 32);
}

// A link may lead through at most max_link_hops (8) other links. l0 -> l1 -> ... -> l9 ->
// poc.json leads l0 through nine.
TEST(ResourceBounds, LinkChainLongerThanTheCapIsRefused) {
  TempDir dir;
  using Kind = testing::ArchiveMember::Kind;
  std::vector<testing::ArchiveMember> members = {{"poc.json", Kind::kFile, "{}"}};
  for (int i = 0; i <= 9; ++i) {
    members.push_back({"l" + std::to_string(i), Kind::kSymlink, "",
                       i == 9 ? "poc.json" : "l" + std::to_string(i + 1)});
  }
  const auto path = dir.path() / "b.tar.gz";
  testing::WriteArchive(path, testing::ArchiveFormat::kTarGz, members);
  ExpectRefusedWithin([&] {
    const auto bundle = LoadBundle(path);
    return !bundle &&
           bundle.error().message.find("a chain of more than 8 links") != std::string::npos;
  }, 32);
}

// l0 -> l1 -> ... -> l8 -> README.md: l0 leads through eight other links, the most allowed.
TEST(ResourceBounds, LinkChainAtTheCapIsFollowed) {
  const auto clean = LoadBundle(std::filesystem::path(POCSIFT_FIXTURES_DIR) / "bundles/clean");
  ASSERT_TRUE(clean) << clean.error().message;
  using Kind = testing::ArchiveMember::Kind;
  std::vector<testing::ArchiveMember> members;
  for (const auto& [name, content] : clean.value().files) members.push_back({name, Kind::kFile, content});
  for (int i = 0; i <= 8; ++i) {
    members.push_back({"l" + std::to_string(i), Kind::kSymlink, "",
                       i == 8 ? "README.md" : "l" + std::to_string(i + 1)});
  }
  TempDir dir;
  const auto path = dir.path() / "b.tar.gz";
  testing::WriteArchive(path, testing::ArchiveFormat::kTarGz, members);
  const auto bundle = LoadBundle(path);
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(bundle.value().files.at("l0"), clean.value().files.at("README.md"));
}

// The manifest of fixtures/bundles/clean, changed by `edit`, parsed against its files.
Result<Manifest> EditedCleanManifest(const std::function<void(nlohmann::json&)>& edit) {
  const auto bundle = LoadBundle(std::filesystem::path(POCSIFT_FIXTURES_DIR) / "bundles/clean");
  EXPECT_TRUE(bundle) << bundle.error().message;
  auto json = nlohmann::json::parse(bundle.value().files.at("poc.json"));
  edit(json);
  return ParseManifest(json.dump(), bundle.value().files);
}

TEST(ResourceBounds, ManifestWithMoreStepsThanTheCapIsRefused) {
  const auto manifest = EditedCleanManifest([](nlohmann::json& json) {
    const nlohmann::json step = json["steps"][0];
    json["steps"] = nlohmann::json::array();
    for (int i = 0; i < 65; ++i) {
      json["steps"].push_back(step);
      json["steps"].back()["name"] = "s" + std::to_string(i);
    }
  });
  ASSERT_FALSE(manifest);
  EXPECT_NE(manifest.error().message.find("more than 64 steps"), std::string::npos)
      << manifest.error().message;
}

TEST(ResourceBounds, ManifestListWithMorePairsThanTheCapIsRefused) {
  const auto manifest = EditedCleanManifest([](nlohmann::json& json) {
    nlohmann::json& query = json["steps"][0]["request"]["query"];
    query = nlohmann::json::array();
    for (int i = 0; i < 1001; ++i) query.push_back({"q" + std::to_string(i), "v"});
  });
  ASSERT_FALSE(manifest);
  EXPECT_NE(manifest.error().message.find("more than 1000 pairs"), std::string::npos)
      << manifest.error().message;
}

}  // namespace
}  // namespace pocsift
