// What a worker does with a claimed case: stage its bundle, run the engine's pipeline
// (engine/pipeline.h) with the server's options, and return the record, the decision and the
// duplicate signature. The received time defaults to the submission time, so a retried case
// gets the same dates.
#pragma once

#include <filesystem>
#include <memory>

#include "engine/pipeline.h"
#include "engine/warm_pool.h"
#include "engine/serve/case_store.h"
#include "engine/serve/case_workers.h"
#include "engine/serve/serve_options.h"

namespace pocsift {

class EngineCheck {
 public:
  // Reads the installed runtimes once (LoadRuntimes); with none installed the records say so,
  // as `pocsift check` does. kBadInput when --runtimes names none that is installed. Unless
  // --cold, starts a warm fork server per runtime now (engine/warm_pool.h); one that cannot
  // start is reported on stderr and its runs go cold.
  static Result<EngineCheck> Prepare(const ServeOptions& options, std::filesystem::path scratch);

  // Thread-safe: each call stages its own copy of the bundle.
  Result<CaseCheck> operator()(const ClaimedCase& claimed) const;

 private:
  EngineCheck(CheckOptions base, std::filesystem::path scratch, std::shared_ptr<WarmPool> pool)
      : base_(std::move(base)), scratch_(std::move(scratch)), pool_(std::move(pool)) {
    base_.warm_pool = pool_.get();
  }
  CheckOptions base_;
  std::filesystem::path scratch_;
  std::shared_ptr<WarmPool> pool_;  // null with --cold or --static-only
};

}  // namespace pocsift
