// The run matrix: every (runtime × variant) run of one bundle, in the sandbox, in parallel up
// to `jobs`, with a progress line per finished run.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/bundle.h"
#include "engine/harness_request.h"
#include "engine/result.h"
#include "engine/run_record.h"
#include "engine/runtimes.h"
#include "sandbox/limits.h"

namespace pocsift {

struct RunPlan {
  const Runtime* runtime = nullptr;
  RunVariant variant;
  int attempt = 1;
  std::optional<std::uint64_t> size_override;  // a point of a {{size:N}} sweep
};

class WarmPool;

struct MatrixOptions {
  int jobs = 2;
  // Warm fork servers (engine/warm_pool.h); null: every run is cold (--cold).
  WarmPool* warm_pool = nullptr;
  sandbox::SandboxLimits limits;
  // Called after each run, from the thread that ran it (serialized by the matrix).
  std::function<void(const RunRecord&, std::size_t done, std::size_t total)> progress;
};

// Runs every plan. The bundle is staged once for all of them. A run that cannot even be
// started (no sandbox helper) is recorded as failed with the reason; the error is returned
// only when the bundle cannot be staged.
Result<std::vector<RunRecord>> RunMatrix(const Bundle& bundle, const std::vector<RunPlan>& plans,
                                         const MatrixOptions& options);

}  // namespace pocsift
