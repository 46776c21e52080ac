#include "engine/bundle.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/archive_writer.h"
#include "tests/support/temp_dir.h"

namespace pocsift {
namespace {

using testing::ArchiveFormat;
using testing::ArchiveMember;
using testing::TempDir;
using Kind = ArchiveMember::Kind;

constexpr const char* kManifest =
    R"({"format": "pocsift-bundle/1", "title": "t", "instructions": "README.md",
        "app": {"package": "pocapp"},
        "steps": [{"name": "a", "request": {"method": "GET", "path": "/"}}]})";

std::vector<ArchiveMember> GoodMembers(const std::string& prefix = "") {
  return {{prefix + "poc.json", Kind::kFile, kManifest},
          {prefix + "README.md", Kind::kFile, "Run it.\n"},
          {prefix + "pocapp/views.py", Kind::kFile, "x = 1\n"}};
}

void WriteFolder(const TempDir& dir, const std::string& sub) {
  for (const auto& m : GoodMembers()) dir.Write(sub + "/" + m.name, m.content);
}

std::string LoadError(const std::filesystem::path& path, const BundleLimits& limits = {}) {
  const auto result = LoadBundle(path, limits);
  if (result) return "(loaded)";
  EXPECT_EQ(result.error().kind, ErrorKind::kBadInput) << result.error().message;
  EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
  return result.error().message;
}

TEST(LoadBundle, SameContentGivesTheSameCaseIdInEveryContainer) {
  TempDir dir;
  WriteFolder(dir, "folder");
  testing::WriteArchive(dir.path() / "b.tar.gz", ArchiveFormat::kTarGz, GoodMembers());
  testing::WriteArchive(dir.path() / "b.zip", ArchiveFormat::kZip, GoodMembers());
  testing::WriteArchive(dir.path() / "top.tar.gz", ArchiveFormat::kTarGz, GoodMembers("bundle/"));
  const auto folder = LoadBundle(dir.path() / "folder");
  ASSERT_TRUE(folder) << folder.error().message;
  for (const char* name : {"b.tar.gz", "b.zip", "top.tar.gz"}) {
    const auto other = LoadBundle(dir.path() / name);
    ASSERT_TRUE(other) << name << ": " << other.error().message;
    EXPECT_EQ(other.value().sha256, folder.value().sha256) << name;
  }
  EXPECT_EQ(folder.value().case_id(), "c-" + folder.value().sha256.substr(0, 16));
  EXPECT_EQ(folder.value().files.size(), 3u);
}

TEST(LoadBundle, DifferentContentGivesADifferentHash) {
  TempDir dir;
  WriteFolder(dir, "a");
  WriteFolder(dir, "b");
  dir.Write("b/pocapp/views.py", "x = 2\n");
  EXPECT_NE(LoadBundle(dir.path() / "a").value().sha256, LoadBundle(dir.path() / "b").value().sha256);
}

struct HostileArchive {
  const char* label;
  ArchiveFormat format;
  ArchiveMember member;
  const char* message_part;
};

class HostileArchiveTest : public ::testing::TestWithParam<HostileArchive> {};

TEST_P(HostileArchiveTest, IsRefusedWithAClearReason) {
  const HostileArchive& c = GetParam();
  TempDir dir;
  auto members = GoodMembers();
  members.push_back(c.member);
  const auto path = dir.path() / (c.format == ArchiveFormat::kZip ? "b.zip" : "b.tar.gz");
  testing::WriteArchive(path, c.format, members);
  const std::string message = LoadError(path);
  EXPECT_NE(message.find(c.message_part), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileArchiveTest,
    ::testing::Values(
        HostileArchive{"DotDot", ArchiveFormat::kTarGz, {"../evil.py", Kind::kFile, "x"}, "leaves the bundle"},
        HostileArchive{"DotDotInZip", ArchiveFormat::kZip, {"pocapp/../../evil.py", Kind::kFile, "x"}, "leaves the bundle"},
        HostileArchive{"Absolute", ArchiveFormat::kTarGz, {"/etc/cron.d/x", Kind::kFile, "x"}, "absolute"},
        HostileArchive{"SymlinkAbsolute", ArchiveFormat::kTarGz, {"pocapp/l", Kind::kSymlink, "", "/etc/passwd"}, "leaves the bundle"},
        HostileArchive{"SymlinkClimbs", ArchiveFormat::kTarGz, {"pocapp/l", Kind::kSymlink, "", "../../x"}, "leaves the bundle"},
        HostileArchive{"SymlinkDangling", ArchiveFormat::kTarGz, {"pocapp/l", Kind::kSymlink, "", "nothing.py"}, "not a file in the bundle"},
        HostileArchive{"Hardlink", ArchiveFormat::kTarGz, {"pocapp/h", Kind::kHardlink, "", "/etc/shadow"}, "hard link"},
        HostileArchive{"Fifo", ArchiveFormat::kTarGz, {"pocapp/fifo", Kind::kFifo}, "device, FIFO or socket"},
        HostileArchive{"CharDevice", ArchiveFormat::kTarGz, {"pocapp/null", Kind::kCharDevice}, "device, FIFO or socket"},
        HostileArchive{"Duplicate", ArchiveFormat::kTarGz, {"./README.md", Kind::kFile, "again"}, "appears twice"},
        HostileArchive{"GzipBomb", ArchiveFormat::kTarGz, {"pocapp/zeros", Kind::kFile, "", "", 12ull << 20}, "archive bomb"},
        HostileArchive{"ZipBomb", ArchiveFormat::kZip, {"pocapp/zeros", Kind::kFile, "", "", 12ull << 20}, "archive bomb"},
        HostileArchive{"OverFileCap", ArchiveFormat::kTarGz, {"pocapp/big", Kind::kFile, "", "", 17ull << 20}, "cap per file"},
        HostileArchive{"BadUtf8Name", ArchiveFormat::kTarGz, {"pocapp/\xff.py", Kind::kFile, "x"}, "UTF-8"}),
    [](const auto& test) { return std::string(test.param.label); });

TEST(LoadBundle, RefusesAMemberThatDeclaresFourGigabytesBeforeReadingIt) {
  TempDir dir;
  // A tar header claiming 4 GiB followed by nothing: the declared size alone is refused.
  std::string header(512, '\0');
  const std::string name = "pocapp/huge";
  header.replace(0, name.size(), name);
  header.replace(100, 7, "0000644");
  header.replace(124, 11, "40000000000");  // octal 4 GiB
  header.replace(136, 11, "00000000000");
  header[156] = '0';
  header.replace(257, 5, "ustar");
  header.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  char checksum[8];
  std::snprintf(checksum, sizeof checksum, "%06o", sum);
  header.replace(148, 7, std::string(checksum, 6) + '\0');
  const auto path = dir.Write("b.tar", header + std::string(1024, '\0'));
  EXPECT_NE(LoadError(path).find("larger than the 16777216-byte cap per file"), std::string::npos);
}

TEST(LoadBundle, CompressibleBodyFileIsNotTakenForABomb) {
  // 3 MB of one byte compresses about 1000:1, yet it is an honest (over-limit) body that the
  // body-size rule must get to judge.
  TempDir dir;
  auto members = GoodMembers();
  members.push_back({"body.bin", Kind::kFile, "", "", 3ull << 20});
  testing::WriteArchive(dir.path() / "b.tar.gz", ArchiveFormat::kTarGz, members);
  const auto bundle = LoadBundle(dir.path() / "b.tar.gz");
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(bundle.value().files.at("body.bin").size(), 3u << 20);
}

TEST(LoadBundle, RefusesMoreFilesThanTheCap) {
  TempDir dir;
  auto members = GoodMembers();
  for (int i = 0; i < 20; ++i) members.push_back({"pocapp/f" + std::to_string(i), Kind::kFile, "x"});
  testing::WriteArchive(dir.path() / "b.tar.gz", ArchiveFormat::kTarGz, members);
  BundleLimits limits;
  limits.max_files = 10;
  EXPECT_NE(LoadError(dir.path() / "b.tar.gz", limits).find("more than 10 files"), std::string::npos);
}

TEST(LoadBundle, RefusesTruncatedArchives) {
  TempDir dir;
  auto members = GoodMembers();
  members.push_back({"pocapp/data", Kind::kFile, std::string(200000, 'q')});
  testing::WriteArchive(dir.path() / "full.tar.gz", ArchiveFormat::kTarGz, members);
  const auto size = std::filesystem::file_size(dir.path() / "full.tar.gz");
  std::filesystem::copy_file(dir.path() / "full.tar.gz", dir.path() / "cut.tar.gz");
  std::filesystem::resize_file(dir.path() / "cut.tar.gz", size / 2);
  EXPECT_NE(LoadError(dir.path() / "cut.tar.gz").find("truncated"), std::string::npos);
}

TEST(LoadBundle, RefusesWhatIsNotABundle) {
  TempDir dir;
  EXPECT_NE(LoadError(dir.Write("x.zip", "not a zip")).find("not a readable"), std::string::npos);
  EXPECT_NE(LoadError(dir.Write("notes.txt", "hello")).find("expected a bundle folder"),
            std::string::npos);
  EXPECT_NE(LoadError(dir.path() / "missing").find("no such file"), std::string::npos);
  std::filesystem::create_directories(dir.path() / "empty");
  EXPECT_NE(LoadError(dir.path() / "empty").find("no poc.json"), std::string::npos);
}

TEST(LoadBundle, FolderSymlinkLeavingTheBundleIsRefused) {
  TempDir dir;
  WriteFolder(dir, "b");
  ASSERT_EQ(symlink("/etc/passwd", (dir.path() / "b/pocapp/secret").c_str()), 0);
  EXPECT_NE(LoadError(dir.path() / "b").find("leaves the bundle"), std::string::npos);
}

TEST(LoadBundle, FolderSymlinkInsideTheBundleIsReadAsItsTarget) {
  TempDir dir;
  WriteFolder(dir, "b");
  ASSERT_EQ(symlink("views.py", (dir.path() / "b/pocapp/alias.py").c_str()), 0);
  const auto bundle = LoadBundle(dir.path() / "b");
  ASSERT_TRUE(bundle) << bundle.error().message;
  EXPECT_EQ(bundle.value().files.at("pocapp/alias.py"), "x = 1\n");
}

TEST(LoadBundle, FolderWithFifoOrHardLinkIsRefused) {
  TempDir dir;
  WriteFolder(dir, "fifo");
  ASSERT_EQ(mkfifo((dir.path() / "fifo/pocapp/pipe").c_str(), 0600), 0);
  EXPECT_NE(LoadError(dir.path() / "fifo").find("device, FIFO or socket"), std::string::npos);
  WriteFolder(dir, "hard");
  const auto outside = dir.Write("outside-secret", "secret");
  ASSERT_EQ(link(outside.c_str(), (dir.path() / "hard/pocapp/secret").c_str()), 0);
  EXPECT_NE(LoadError(dir.path() / "hard").find("hard link"), std::string::npos);
}

TEST(LoadBundle, FolderLinkLoopIsRefused) {
  TempDir dir;
  WriteFolder(dir, "b");
  ASSERT_EQ(symlink("b.py", (dir.path() / "b/pocapp/a.py").c_str()), 0);
  ASSERT_EQ(symlink("a.py", (dir.path() / "b/pocapp/b.py").c_str()), 0);
  EXPECT_NE(LoadError(dir.path() / "b").find("loop"), std::string::npos);
}

}  // namespace
}  // namespace pocsift
