// The static-analysis phase: parses the PoC's code with CPython's own parser inside the
// sandbox (fixtures/harness/analyze.py, parse only: the PoC's modules are never imported) and
// reads each runtime's documentation inventory, giving the CodeAnalysis the code rules walk.
//
// One sandboxed run per case, on the newest runtime (the newest Python parses every syntax the
// older ones do; Django there resolves the re-exports). The inventories are read per runtime,
// so private-api judges names against each version's own documentation.
#pragma once

#include <vector>

#include "checks/code/code_analysis.h"
#include "checks/finding.h"
#include "engine/bundle.h"
#include "engine/runtimes.h"

namespace pocsift {

// Never fails: a case whose code cannot be analysed (no runtime, the sandbox refused to start,
// the harness answered garbage) gets ran = false and the reason, and the code rules skip.
CodeAnalysis AnalyzeCode(const Bundle& bundle, const std::vector<Runtime>& runtimes);

// Interprets the analysis run's answer frames (exposed for tests). Frames of the wrong shape
// are ignored; without a "done" frame the analysis did not run.
void ReadAnalysisFrames(const std::vector<nlohmann::json>& frames, CodeAnalysis& out);

// Static and run-time unsanitized-input findings about one case become one finding: the static
// flows, and `confirmed_at_run_time` with the run's evidence. Other findings are kept as they are.
void MergeUnsanitizedInput(std::vector<Finding>& findings);

}  // namespace pocsift
