// pocsift-sandbox: the helper the engine starts for each sandboxed run (launcher.h).
//
// Reads one request frame on stdin, runs and supervises it (supervisor.h), writes one
// answer frame on stdout (wire.h), exits 0. Exit 1 means it could not even answer.
// `pocsift-sandbox --server` instead keeps a warm fork server for many runs (warm_server.h).
// It stays single-threaded: it forks into the sandbox's namespaces.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <string_view>

#include "sandbox/channel.h"
#include "sandbox/supervisor.h"
#include "sandbox/warm_server.h"
#include "sandbox/wire.h"

namespace {

constexpr std::uint64_t kMaxRequestBytes = 64ull << 20;

}  // namespace

int main(int argc, char** argv) {
  using namespace pocsift::sandbox;
  // The engine's death ends the run: the helper dies, then init (its own PDEATHSIG), then
  // the namespace. A helper orphaned before this line exits at once.
  const pid_t parent = ::getppid();
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) return 1;
  // Nothing of the engine's descriptors may reach the sandbox.
  ::close_range(3, ~0u, 0);
  ::signal(SIGPIPE, SIG_IGN);
  if (argc == 2 && std::string_view(argv[1]) == "--server") {
    return ServeWarm(STDIN_FILENO, STDOUT_FILENO);
  }

  nlohmann::json answer;
  auto request_json = ReadFrame(STDIN_FILENO, kMaxRequestBytes);
  if (!request_json) {
    answer = {{"ok", false}, {"error", ErrorToJson(request_json.error())}};
  } else if (auto request = RequestFromJson(request_json.value()); !request) {
    answer = {{"ok", false}, {"error", ErrorToJson(request.error())}};
  } else if (auto result = SuperviseRun(request.value()); !result) {
    answer = {{"ok", false}, {"error", ErrorToJson(result.error())}};
  } else {
    answer = {{"ok", true}, {"result", ResultToJson(result.value())}};
  }
  if (!WriteAll(STDOUT_FILENO, EncodeFrame(answer))) {
    std::fputs("pocsift-sandbox: cannot write the answer\n", stderr);
    return 1;
  }
  return 0;
}
