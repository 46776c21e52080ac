// The serve API (engine/serve/http_api.cc) as a client reaches it: the input is the bytes of
// one connection, requests one after another (keep-alive, pipelining, chunked bodies, Expect),
// read by cpp-httplib's request parser and answered by pocsift's handlers. Every input meets
// the same world (tests/fuzz/serve_world.h): four principals and a SQLite store holding two
// cases of "intake" (tests/fuzz/seeded_case_store.h).
//
// Properties, for every request of the connection:
//   - no answer is 500: on a healthy store, no request makes a handler fail;
//   - every answer is an HTTP/1.1 response, and an error (>= 400) to anything but HEAD has the
//     documented JSON body {"error": code, "message": text} (http_errors.h);
//   - a secret the input does not contain (a token, a seeded case's link key) is never in an
//     answer;
//   - a caller who is not "intake", a triager or the admin learns nothing of intake's cases:
//     neither their ids nor the submitter's name, unless the input itself contains them; the
//     holder of a case's link key sees that case and no submitter name.
// POCSIFT_FUZZ_TRACE=1 prints each answer's status and the start of its body.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/serve/api_tokens.h"
#include "engine/serve/http_api.h"
#include "engine/serve/serve_metrics.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/seeded_case_store.h"
#include "tests/fuzz/serve_world.h"

namespace {

namespace world = pocsift::fuzz::serve_world;
using pocsift::Instant;

constexpr int kMaxRequests = 16;  // per input; each needs at least a request line

// The connection: reads come from the input, writes are kept per request.
class ConnectionStream final : public httplib::Stream {
 public:
  explicit ConnectionStream(std::string_view input) : input_(input) {}
  bool is_readable() const override { return !input_.empty(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size = std::min(size, input_.size());
    std::memcpy(ptr, input_.data(), size);
    input_.remove_prefix(size);
    return static_cast<ssize_t>(size);
  }
  ssize_t write(const char* ptr, size_t size) override {
    written_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  bool exhausted() const { return input_.empty(); }
  std::string TakeWritten() { return std::exchange(written_, {}); }

 private:
  std::string_view input_;
  std::string written_;
};

// What the handlers saw of one request, captured before routing.
struct Seen {
  bool parsed = false;
  std::string method;
  std::string authorization;
  bool has_authorization = false;
  std::string case_key;
};

class FuzzedServer final : public httplib::Server {
 public:
  // One request from `stream`; false when the connection ends.
  bool ServeOne(ConnectionStream& stream, Seen& seen) {
    bool closed = false;
    const bool ok = process_request(stream, false, closed, [&](httplib::Request& req) {
      seen.parsed = true;
      seen.method = req.method;
      seen.has_authorization = req.has_header("Authorization");
      seen.authorization = req.get_header_value("Authorization");
      seen.case_key = req.get_header_value("X-Pocsift-Case-Key");
    });
    return ok && !closed;
  }
};

struct Answer {
  int status = 0;
  std::string_view body;
};

// The final response in `written` (after any 100 Continue), or nullopt if it is not one.
std::optional<Answer> ParseAnswer(std::string_view written) {
  for (;;) {
    if (!written.starts_with("HTTP/1.1 ") || written.size() < 12) return std::nullopt;
    const std::string_view code = written.substr(9, 3);
    if (code.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const auto end = written.find("\r\n\r\n");
    if (end == std::string_view::npos) return std::nullopt;
    const int status = std::stoi(std::string(code));
    if (status >= 200) return Answer{status, written.substr(end + 4)};
    written.remove_prefix(end + 4);
  }
}

bool IsErrorBody(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  return json.is_object() && json.contains("error") && json["error"].is_string() &&
         json.contains("message") && json["message"].is_string();
}

pocsift::ApiTokens Tokens() {
  std::string text;
  for (const auto& c : world::kCallers)
    text += std::string(c.name) + ":" + std::string(c.roles) + ":" + std::string(c.token) + "\n";
  auto tokens = pocsift::ApiTokens::Parse(text, "serve_world");
  if (!tokens) std::abort();
  return std::move(tokens).value();
}

// A private folder (in /dev/shm when there is one) for the store and the uploads.
const std::filesystem::path& WorkDir() {
  static const pocsift::fuzz::ScratchFile marker("serve");
  static const std::filesystem::path dir = marker.Write("").parent_path();
  return dir;
}

bool InInput(std::string_view input, std::string_view text) {
  return input.find(text) != std::string_view::npos;
}

// The texts `seen`'s caller may not be shown (that the input does not itself contain).
std::vector<std::string_view> Hidden(const Seen& seen, const pocsift::ApiTokens& tokens) {
  std::vector<std::string_view> hidden;
  for (const auto& c : world::kCallers) hidden.push_back(c.token);
  hidden.push_back(world::kQueued.link_key);
  hidden.push_back(world::kDone.link_key);
  if (!seen.parsed) return hidden;
  const auto principal = tokens.Authenticate(seen.authorization);
  const bool sees_all =
      principal && (principal->name == world::kOwner || principal->Has(pocsift::kRoleRead));
  if (sees_all) return hidden;
  hidden.push_back(world::kOwner);
  for (const auto& c : {world::kQueued, world::kDone}) {
    const bool key_holder = !seen.has_authorization && seen.case_key == c.link_key;
    if (!key_holder) hidden.push_back(c.id);
  }
  return hidden;
}

void CheckAnswer(std::string_view input, const Seen& seen, std::string_view written,
                 const pocsift::ApiTokens& tokens) {
  if (written.empty()) return;  // the connection ended before a request
  const auto answer = ParseAnswer(written);
  static const bool trace = std::getenv("POCSIFT_FUZZ_TRACE") != nullptr;
  if (trace)
    std::fprintf(stderr, "%s -> %d %.*s\n", seen.method.c_str(), answer ? answer->status : 0,
                 static_cast<int>(std::min<std::size_t>(answer ? answer->body.size() : 0, 160)),
                 answer ? answer->body.data() : "");
  if (!answer || answer->status == 500) std::abort();
  if (answer->status >= 400 && seen.parsed && seen.method != "HEAD" && !IsErrorBody(answer->body))
    std::abort();
  for (std::string_view secret : Hidden(seen, tokens))
    if (!InInput(input, secret) && written.find(secret) != std::string_view::npos) std::abort();
}

// The server, built once: its routes and the API's dependencies.
struct Harness {
  const Instant now = pocsift::ParseInstant("2026-11-24T00:00:00Z").value();
  const pocsift::ApiTokens tokens = Tokens();
  pocsift::fuzz::SeededCaseStore store{WorkDir(), now};
  pocsift::ServeMetrics metrics;
  pocsift::ServeApi api{{store, tokens, metrics, [] {}, pocsift::ServeLimits{},
                         WorkDir() / "uploads", [this] { return now; }}};
  FuzzedServer server;
  Harness() { api.Register(server); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  harness.store.Reset();
  const std::string_view input = pocsift::fuzz::AsText(data, size);
  ConnectionStream stream(input);
  for (int i = 0; i < kMaxRequests && !stream.exhausted(); ++i) {
    Seen seen;
    const bool more = harness.server.ServeOne(stream, seen);
    CheckAnswer(input, seen, stream.TakeWritten(), harness.tokens);
    if (!more) break;
  }
  return 0;
}
