// Finds pocsift's Django runtimes cache for the sandbox tests, as the engine does:
// $POCSIFT_CACHE, else $HOME/.cache/pocsift; then runtimes/*/runtimes.lock.json.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pocsift::sandbox::testing {

struct TestRuntime {
  std::string id;              // the lock's runtime id, e.g. "4.2-bpo"
  std::string python_version;  // e.g. "3.11.2"
  std::filesystem::path rootfs;
  std::filesystem::path django;
};

// True when a runtimes.lock.json exists at all; tests skip only when it does not.
bool RuntimeCacheExists();
// The first runtime of the lock whose interpreter is Python `major_minor` ("3.11": the
// bookworm root file system; "3.13": trixie).
std::optional<TestRuntime> RuntimeForPython(const std::string& major_minor);

}  // namespace pocsift::sandbox::testing
