// Writes the seed corpus of every fuzz target: the example bundles of fixtures/bundles (their
// manifests, and each bundle as a tar and a zip), plus hostile cases no honest tool writes
// (traversal, links out and in loops, devices, bombs, truncations, lying headers).
//
// Usage: pocsift_fuzz_seeds <seeds-dir> <fixtures-dir>; writes <seeds-dir>/<target>/<name>.
// The first byte of a bundle or changelog seed is the target's mode byte (see each target).
#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sandbox/channel.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/serve_world.h"

namespace {

namespace fs = std::filesystem;

struct Member {
  enum class Kind { kFile, kDir, kSymlink, kHardlink, kFifo };
  std::string name;
  std::string content;  // the file's bytes, or a link's target
  Kind kind = Kind::kFile;
};

enum class Container { kTar, kZipStored, kZipDeflated };

class SeedWriter {
 public:
  explicit SeedWriter(fs::path root) : root_(std::move(root)) {}

  void Write(const std::string& target, const std::string& name, std::string_view bytes) {
    fs::create_directories(root_ / target);
    std::ofstream out(root_ / target / name, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write seed " + target + "/" + name);
    ++count_;
  }
  int count() const { return count_; }

 private:
  fs::path root_;
  int count_ = 0;
};

la_ssize_t AppendToString(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

std::string MakeArchive(Container container, const std::vector<Member>& members) {
  std::string bytes;
  archive* a = archive_write_new();
  if (container == Container::kTar) {
    archive_write_set_format_pax_restricted(a);
  } else {
    archive_write_set_format_zip(a);
    if (container == Container::kZipStored) archive_write_set_options(a, "zip:compression=store");
  }
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &bytes, nullptr, AppendToString, nullptr);
  for (const Member& m : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, m.name.c_str());
    archive_entry_set_perm(entry, 0644);
    switch (m.kind) {
      case Member::Kind::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(m.content.size()));
        break;
      case Member::Kind::kDir:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case Member::Kind::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, m.content.c_str());
        break;
      case Member::Kind::kHardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, m.content.c_str());
        break;
      case Member::Kind::kFifo:
        archive_entry_set_filetype(entry, AE_IFIFO);
        break;
    }
    archive_write_header(a, entry);
    if (m.kind == Member::Kind::kFile && !m.content.empty())
      archive_write_data(a, m.content.data(), m.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return bytes;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<Member> FolderMembers(const fs::path& folder) {
  std::vector<Member> members;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.file_size() > (32 << 10)) continue;
    members.push_back({fs::relative(entry.path(), folder).string(), ReadFile(entry.path())});
  }
  return members;
}

// Bundle seeds carry the bundle target's mode byte: 1 = gzip the rest, 0 = as it is.
void WriteBundleSeeds(SeedWriter& seeds, const std::string& name,
                      const std::vector<Member>& members) {
  seeds.Write("bundle", name + ".tar", "\x01" + MakeArchive(Container::kTar, members));
  seeds.Write("bundle", name + ".zip", std::string(1, '\0') +
                                           MakeArchive(Container::kZipStored, members));
}

const char* kMinimalManifest = R"({"format": "pocsift-bundle/1", "title": "t",
 "instructions": "README.md", "app": {"package": "pocapp"},
 "steps": [{"name": "baseline", "request": {"method": "GET", "path": "/"}}]})";

void WriteHostileBundles(SeedWriter& seeds) {
  using K = Member::Kind;
  const Member manifest{"poc.json", kMinimalManifest};
  const Member readme{"README.md", "read me\n"};
  const Member package{"pocapp/__init__.py", ""};
  const std::vector<std::pair<std::string, std::vector<Member>>> cases = {
      {"traversal", {manifest, readme, package, {"../escape.py", "x"}}},
      {"absolute", {manifest, readme, package, {"/etc/cron.d/x", "x"}}},
      {"dotdot-inside", {manifest, readme, package, {"pocapp/../../x", "x"}}},
      {"link-out", {manifest, readme, package, {"pocapp/views.py", "../../etc/passwd", K::kSymlink}}},
      {"link-absolute", {manifest, readme, package, {"pocapp/v.py", "/etc/passwd", K::kSymlink}}},
      {"link-in", {manifest, readme, package, {"pocapp/urls.py", "__init__.py", K::kSymlink}}},
      {"link-loop", {manifest, readme, package, {"a", "b", K::kSymlink}, {"b", "a", K::kSymlink}}},
      {"link-chain", {manifest, readme, package, {"a", "b", K::kSymlink}, {"b", "c", K::kSymlink},
                      {"c", "README.md", K::kSymlink}}},
      {"hardlink", {manifest, readme, package, {"pocapp/h.py", "README.md", K::kHardlink}}},
      {"fifo", {manifest, readme, package, {"pocapp/fifo", "", K::kFifo}}},
      {"duplicate", {manifest, readme, package, {"README.md", "again"}}},
      {"top-folder", {{"b/poc.json", kMinimalManifest}, {"b/README.md", "r"},
                      {"b/pocapp/__init__.py", ""}}},
      {"directories", {{"pocapp", "", K::kDir}, manifest, readme, package}},
      {"control-char", {manifest, readme, package, {"pocapp/a\nb.py", "x"}}},
      {"bad-utf8", {manifest, readme, package, {"pocapp/\xff\xfe.py", "x"}}},
      {"deep", {manifest, readme, package, {std::string(40, 'd') + "/x", "x"}}},
  };
  for (const auto& [name, members] : cases) WriteBundleSeeds(seeds, name, members);
  // Bombs (1 MB of zeros in about 1 kB), written compressed so the seeds stay small.
  const std::vector<Member> bomb = {manifest, readme, package,
                                    {"pocapp/zeros.bin", std::string(1 << 20, '\0')}};
  seeds.Write("bundle", "bomb.zip",
              std::string(1, '\0') + MakeArchive(Container::kZipDeflated, bomb));
  seeds.Write("bundle", "bomb.tar.gz",
              std::string(1, '\0') + pocsift::fuzz::Gzip(MakeArchive(Container::kTar, bomb)));
  const std::vector<Member> small = {manifest, readme, package};
  const std::string tar = MakeArchive(Container::kTar, small);
  const std::string zip = MakeArchive(Container::kZipStored, small);
  seeds.Write("bundle", "truncated.tar", "\x01" + tar.substr(0, tar.size() / 2));
  seeds.Write("bundle", "truncated.zip", std::string(1, '\0') + zip.substr(0, zip.size() - 30));
  seeds.Write("bundle", "truncated.tar.gz",
              std::string(1, '\0') + pocsift::fuzz::Gzip(tar).substr(0, 40));
  std::vector<Member> many;
  for (int i = 0; i < 300; ++i) many.push_back({"f" + std::to_string(i), ""});
  seeds.Write("bundle", "many-entries.zip",
              std::string(1, '\0') + MakeArchive(Container::kZipStored, many));
}

void WriteChannelSeeds(SeedWriter& seeds) {
  using pocsift::sandbox::EncodeFrame;
  using nlohmann::json;
  const std::string ready = EncodeFrame({{"type", "ready"}, {"django", "5.2.8"}});
  const auto step = [](const char* name) {
    return EncodeFrame({{"type", "step"},
                        {"name", name},
                        {"status", 200},
                        {"cpu_ms", 12},
                        {"sql", json::array({{{"sql", "SELECT 1"}, {"frames", json::array()}}})},
                        {"response", {{"headers", json::array({{"Content-Type", "text/html"}})},
                                      {"body", "<p>psm0000000000000000</p>"}}}});
  };
  const std::string done = EncodeFrame({{"type", "done"}});
  const std::string good = ready + step("baseline") + step("attack") + done;
  // The first byte: chunk size - 1 and, in its top bit, a timed-out run.
  seeds.Write("channel", "good", "\x0f" + good);
  seeds.Write("channel", "good-one-byte-chunks", std::string(1, '\0') + good);
  seeds.Write("channel", "setup-error",
              "\x10" + EncodeFrame({{"type", "error"}, {"error", "ImportError"},
                                    {"message", "no module named pocapp"}}));
  seeds.Write("channel", "step-error",
              "\x20" + ready + step("baseline") +
                  EncodeFrame({{"type", "error"}, {"name", "attack"}, {"error", "ValueError"}}) +
                  done);
  seeds.Write("channel", "out-of-order", "\x30" + ready + step("attack") + step("baseline") + done);
  seeds.Write("channel", "after-done", "\x40" + good + done);
  seeds.Write("channel", "timeout", "\x81" + ready + step("baseline"));
  seeds.Write("channel", "name-not-string",
              "\x11" + ready + EncodeFrame({{"type", "step"}, {"name", 7}}) + done);
  seeds.Write("channel", "truncated", "\x05" + good.substr(0, good.size() - 3));
  seeds.Write("channel", "oversized", std::string("\x07\x7f\xff\xff\xff{}", 7));
  seeds.Write("channel", "text-not-frames", "\x07Traceback (most recent call last):\n");
  seeds.Write("channel", "bad-json", std::string("\x07\0\0\0\x03{x}", 8));
}

// What fixtures/harness/zygote.py sends the helper, and what a broken one might.
void WriteServerMessageSeeds(SeedWriter& seeds) {
  const char* messages[] = {
      R"({"type": "ready", "django": "4.2.21", "python": "3.11.2", "setup_ms": 812.4, )"
      R"("calibration_ms": 41.0})",
      R"({"type": "exited", "id": 1, "status": 0, "utime_us": 52000, "stime_us": 8000, )"
      R"("maxrss_kb": 81234})",
      R"({"type": "exited", "id": 18, "status": 9, "utime_us": 0, "stime_us": 0, "maxrss_kb": 0})",
      R"({"type": "error", "message": "ImportError: No module named 'django'"})",
      R"({"type": "exited", "id": "1", "status": 1e3})",
      R"({"type": "ready", "django": null})",
      R"({"type": "kill", "id": 3})",
  };
  for (std::size_t i = 0; i < std::size(messages); ++i)
    seeds.Write("server_message", std::to_string(i) + ".json", messages[i]);
}

void WriteTextSeeds(SeedWriter& seeds, const fs::path& fixtures) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(fixtures / "bundles")) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    const fs::path manifest = entry.path() / "poc.json";
    if (fs::exists(manifest)) {
      const std::string text = ReadFile(manifest);
      seeds.Write("manifest", name + ".json", text);
      seeds.Write("wire", name + ".json", text);
    }
    WriteBundleSeeds(seeds, name, FolderMembers(entry.path()));
    ++n;
  }
  if (n == 0) throw std::runtime_error("no example bundles in " + (fixtures / "bundles").string());
  seeds.Write("manifest", "minimal.json", kMinimalManifest);
  seeds.Write("manifest", "deep.json", std::string(70, '[') + std::string(70, ']'));
  const char* wire_cases[] = {
      R"({"format": "pocsift-bundle/1", "steps": [{"name": "s", "request": {"method": "POST",
 "path": "/{{marker}}", "query": [["q", "{{size:4096}}{{xss}}"]], "cookies": {"c": "{{evil_host}}"},
 "body_repeat": {"unit": "{{xss}}", "count": "{{size:40000}}", "prefix": "[", "suffix": "]"}}}]})",
      R"({"format": "pocsift-bundle/1", "steps": [{"name": "s", "request": {"method": "POST",
 "path": "/", "json": {"{{marker}}": ["{{xss}}", {"k": "{{size:9}}"}], "psm0000000000000000": 1}}}]})",
      R"({"format": "pocsift-bundle/1", "steps": [{"name": "s", "request": {"method": "POST",
 "path": "/", "form": [["{{marker}}", "a b&c"]], "headers": [["X-A", "{{size:123456789012345}}"]]}}]})",
  };
  for (std::size_t i = 0; i < std::size(wire_cases); ++i)
    seeds.Write("wire", "placeholders-" + std::to_string(i) + ".json", wire_cases[i]);

  const char* instants[] = {"2026-11-20T09:30:00Z", "2026-11-20", "2024-02-29T23:59:60+05:30",
                            "2026-11-20t09:30z", "2026-11-20 09:30:00.123456-00:00",
                            "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
                            "2025-02-29", "2026-13-01T00:00Z"};
  for (std::size_t i = 0; i < std::size(instants); ++i)
    seeds.Write("instant", std::to_string(i), instants[i]);

  const std::string changelog =
      "python-django (3:4.2.28-1) unstable; urgency=medium\n\n"
      "  * New upstream security release.\n"
      "    - CVE-2025-64459: potential SQL injection via _connector.\n"
      "    - CVE-2025-48432: log injection (closes: #1107301)\n\n"
      " -- Debian Python Team <team+python@tracker.debian.org>  Wed, 05 Nov 2025 10:00:00 +0000\n\n"
      "python-django (3:4.2.21-1) unstable; urgency=medium\n\n"
      "  * CVE-2025-32873 CVE-2025-1234567 CVE-99-1 cve-2025-1111\n";
  seeds.Write("changelog", "debian.gz", "\x01" + changelog);
  seeds.Write("changelog", "plain", std::string(1, '\0') + changelog);
  seeds.Write("changelog", "truncated.gz",
              std::string(1, '\0') + pocsift::fuzz::Gzip(changelog).substr(0, 50));
}

// Report ingestion (engine/ingest) and the Sphinx inventory: the example reports of
// fixtures/reports, when there are any, and hand-written cases.
void WriteIngestSeeds(SeedWriter& seeds, const fs::path& fixtures) {
  if (fs::is_directory(fixtures / "reports")) {
    for (const auto& entry : fs::recursive_directory_iterator(fixtures / "reports")) {
      if (!entry.is_regular_file() || entry.file_size() > (64 << 10)) continue;
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".md") seeds.Write("markdown", name, ReadFile(entry.path()));
      if (entry.path().extension() == ".eml") seeds.Write("email", name, ReadFile(entry.path()));
    }
  }
  const char* curls[] = {
      "curl 'http://localhost:8000/items/?q=%27%20OR%201%3D1' -H 'Cookie: a=b'",
      "curl -X POST -d 'a=1&b=2' --data-urlencode 'c=x y' http://testserver/form/",
      "curl -sS --json '{\"k\": [1, 2]}' \"https://example.org/api?x=1#frag\"",
      "curl -H $'X-A: 1\\r\\nX-B: 2' -b 'sessionid=abc; csrftoken=d' -u user:pw http://h/",
      "curl \\\n  -F 'file=@payload.bin' \\\n  http://localhost/upload/",
      "curl http://[::1]:8000/%2e%2e/ -d @body.json -A 'agent' -e http://ref/",
  };
  for (std::size_t i = 0; i < std::size(curls); ++i)
    seeds.Write("curl", std::to_string(i), curls[i]);
  const char* requests[] = {
      "GET /items/?q=book HTTP/1.1\r\nHost: localhost\r\nCookie: a=b; c=d\r\n\r\n",
      ("POST /login/ HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n"
       "Content-Length: 7\n\nuser=me"),
      "PUT http://testserver/api/1 HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n",
      "GET / HTTP/1.1\r\nX-Folded: a\r\n  b\r\n\r\n",
  };
  for (std::size_t i = 0; i < std::size(requests); ++i)
    seeds.Write("http", std::to_string(i), requests[i]);
  seeds.Write("markdown", "fences.md",
              "# Title\n\n**pocapp/views.py**\n```python\nprint(1)\n```\n~~~\nunclosed\n"
              "````\n```\n````\n![shot](a.png)\n    curl http://localhost/\n");
  seeds.Write("email", "multipart.eml",
              "From: A <a@example.org>\r\nSubject: =?utf-8?b?w6k=?=\r\n"
              "Date: Thu, 20 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n"
              "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
              "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
              "quoted-printable\r\n\r\ncurl http://localhost/=3Fq=3D1\r\n--b\r\n"
              "Content-Type: text/x-python; name=views.py\r\nContent-Disposition: attachment; "
              "filename=\"../views.py\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
              "cHJpbnQoMSkK\r\n--b--\r\n");
  // Inventory seeds carry the inventory target's mode byte: 1 = compress after the header.
  const std::string header =
      "# Sphinx inventory version 2\n# Project: Django\n# Version: 5.2\n"
      "# The remaining of this file is compressed using zlib.\n";
  seeds.Write("inventory", "django",
              "\x01" + header +
                  "django.db.models.Q py:class 1 ref/models/querysets.html#$ -\n"
                  "django.shortcuts.render py:function 1 topics/http/shortcuts.html#$ -\n"
                  "safe std:templatefilter -1 ref/templates/builtins.html#std-templatefilter-$ -\n"
                  "url std:templatetag -1 ref/templates/builtins.html#std-templatetag-$ -\n"
                  "a name with spaces py:method 1 x.html#$ Display Name\n");
  seeds.Write("inventory", "version1", "\x00# Sphinx inventory version 1\n# Project: x\n");
  seeds.Write("inventory", "not-zlib", std::string(1, '\0') + header + "garbage");
}

// The serve API: one connection's requests to every route, as each principal, with the
// example bundle "clean" uploaded as a zip (tests/fuzz/serve_world.h names the world).
void WriteServeSeeds(SeedWriter& seeds, const fs::path& fixtures) {
  namespace world = pocsift::fuzz::serve_world;
  const auto bearer = [](std::size_t caller) {
    return "Authorization: Bearer " + std::string(world::kCallers[caller].token) + "\r\n";
  };
  const std::string intake = bearer(0), outsider = bearer(1), triager = bearer(2),
                    admin = bearer(3);
  const std::string done = "/v1/cases/" + std::string(world::kDone.id);
  const std::string queued = "/v1/cases/" + std::string(world::kQueued.id);
  const auto get = [](const std::string& target, const std::string& headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: pocsift\r\n" + headers + "\r\n";
  };
  const auto post = [](const std::string& target, const std::string& headers,
                       const std::string& body) {
    return "POST " + target + " HTTP/1.1\r\nHost: pocsift\r\n" + headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  const std::string override_body =
      R"({"decision": "eligible", "severity": "moderate", "reason": "reproduced by hand"})";
  const std::string bundle =
      MakeArchive(Container::kZipStored, FolderMembers(fixtures / "bundles" / "clean"));
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"health", get("/healthz", "")},
      {"own-case", get(done, intake)},
      {"outsider-case", get(queued, outsider)},
      {"list", get("/v1/cases?decision=ineligible&status=done&since=2026-01-01T00:00:00Z&limit=10",
                   triager)},
      {"list-own", get("/v1/cases?limit=1000", intake)},
      {"metrics", get("/metrics", triager)},
      {"link-key", get(done, "X-Pocsift-Case-Key: " + std::string(world::kDone.link_key) + "\r\n")},
      {"access-log", get(done + "/access-log", admin)},
      {"override", post(done + "/override", admin + "Content-Type: application/json\r\n",
                        override_body)},
      {"override-queued", post(queued + "/override", admin, override_body)},
      {"token-in-url", get("/v1/cases?token=" + std::string(world::kCallers[0].token), "")},
      {"head", "HEAD " + done + " HTTP/1.1\r\n" + triager + "\r\n"},
      {"submit", post("/v1/cases", intake + "Content-Type: application/zip\r\n", bundle)},
      {"submit-outsider", post("/v1/cases", outsider, "PK\x03\x04 not a zip")},
      {"submit-chunked", "POST /v1/cases HTTP/1.1\r\n" + intake +
                             "Transfer-Encoding: chunked\r\n\r\n5\r\nPK\x03\x04x\r\n0\r\n\r\n"},
      {"submit-expect", "POST /v1/cases HTTP/1.1\r\n" + intake +
                            "Expect: 100-continue\r\nContent-Length: 4\r\n\r\nPK\x03\x04"},
      {"keep-alive", get(done, triager) + get(queued, outsider) + get("/v1/cases", admin)},
      {"not-found", get("/v1/cases/../../etc/passwd", admin) + get("/nowhere", "")},
  };
  for (const auto& [name, bytes] : requests) seeds.Write("serve", name, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pocsift_fuzz_seeds <seeds-dir> <fixtures-dir>\n";
    return 2;
  }
  try {
    SeedWriter seeds(argv[1]);
    WriteTextSeeds(seeds, argv[2]);
    WriteHostileBundles(seeds);
    WriteChannelSeeds(seeds);
    WriteServerMessageSeeds(seeds);
    WriteIngestSeeds(seeds, argv[2]);
    WriteServeSeeds(seeds, argv[2]);
    std::cout << "fuzz seeds: " << seeds.count() << " files in " << argv[1] << "\n";
  } catch (const std::exception& e) {
    std::cerr << "pocsift_fuzz_seeds: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
