// What a worker does with a claimed case: stage its bundle, run the engine's pipeline
// (engine/pipeline.h) with the server's options, and return the record, the decision and the
// duplicate signature. The received time defaults to the submission time, so a retried case
// gets the same dates.
#pragma once

#include <filesystem>

#include "engine/pipeline.h"
#include "engine/serve/case_store.h"
#include "engine/serve/case_workers.h"
#include "engine/serve/serve_options.h"

namespace pocsift {

class EngineCheck {
 public:
  // Reads the installed runtimes once (LoadRuntimes); with none installed the records say so,
  // as `pocsift check` does. kBadInput when --runtimes names none that is installed.
  static Result<EngineCheck> Prepare(const ServeOptions& options, std::filesystem::path scratch);

  // Thread-safe: each call stages its own copy of the bundle.
  Result<CaseCheck> operator()(const ClaimedCase& claimed) const;

 private:
  EngineCheck(CheckOptions base, std::filesystem::path scratch)
      : base_(std::move(base)), scratch_(std::move(scratch)) {}
  CheckOptions base_;
  std::filesystem::path scratch_;
};

}  // namespace pocsift
