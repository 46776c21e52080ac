#include "checks/oracles/remote_code_execution_oracle.h"

#include <set>

namespace pocsift {
namespace {

const std::set<std::string, std::less<>> kExecutionEvents = {
    "subprocess.Popen", "os.system", "os.exec",  "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty",       "pty.spawn", "ctypes.dlopen", "exec",      "compile"};

const std::set<std::string, std::less<>> kExecutionSyscalls = {"execve", "execveat", "fork",
                                                               "vfork", "clone3"};

}  // namespace

std::vector<OracleHit> RemoteCodeExecutionOracle::Observe(const OracleContext& context,
                                                          std::size_t, const Frame& step) const {
  for (const auto& event : ArrayField(step, "audit")) {
    const std::string name_of_event = StringField(event, "event");
    if (!kExecutionEvents.contains(name_of_event)) continue;
    OracleHit hit{std::string(name()), StringField(step, "name"),
                  AttributedOrigin(ArrayField(event, "frames"))};
    nlohmann::ordered_json denied = nlohmann::ordered_json::object();
    for (const auto& [call, count] : context.run.denied_syscalls) {
      if (kExecutionSyscalls.contains(call)) denied[call] = count;
    }
    hit.evidence = {{"event", name_of_event},
                    {"args", StringField(event, "args")},
                    {"denied_syscalls", denied},
                    {"frames", nlohmann::ordered_json::parse(ArrayField(event, "frames").dump())}};
    return {hit};
  }
  return {};
}

}  // namespace pocsift
