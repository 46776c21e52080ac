// The serve target's case store (tests/fuzz/serve_fuzzer.cc): the real SqliteCaseStore, in a
// private folder, holding intake's two cases of tests/fuzz/serve_world.h (one queued, one done
// with a record). Reset() puts it back to that state when the last input wrote to it, so every
// input meets the same store, and an input that only reads costs no reopening.
#pragma once

#include <filesystem>
#include <memory>

#include "engine/serve/sqlite_case_store.h"

namespace pocsift::fuzz {

class SeededCaseStore final : public CaseStore {
 public:
  // Writes the seeded store under `dir` (aborts if it cannot: the harness's fault).
  SeededCaseStore(const std::filesystem::path& dir, Instant now);

  // Back to the seeded state, if anything was written since the last call.
  void Reset();

  Result<SubmitOutcome> Submit(const NewCase& fresh) override;
  Result<std::optional<StoredCase>> FindSubmission(const std::string& submitter,
                                                   const std::string& bundle_sha256) override;
  Result<std::optional<StoredCase>> Get(const std::string& id) override;
  Result<std::vector<StoredCase>> List(const CaseFilter& filter) override;
  Result<std::optional<ClaimedCase>> ClaimNext(Instant now) override;
  Status Finish(const std::string& id, const std::string& record, const std::string& decision,
                const std::optional<std::string>& signature, Instant now) override;
  Status FailAttempt(const std::string& id, const std::string& reason, int max_attempts,
                     bool permanent, Instant retry_at, Instant now) override;
  Result<int> RecoverRunning(int max_attempts, Instant now) override;
  Status Override(const std::string& id, const VerdictOverride& verdict) override;
  Status LogAccess(const AccessEntry& entry) override;
  Result<std::vector<AccessEntry>> AccessLog(const std::string& case_id) override;
  Result<int> PurgeBundles(Instant cutoff) override;
  Result<QueueCounts> Counts(const std::optional<std::string>& submitter) override;

 private:
  void Reopen();

  std::filesystem::path seeded_;  // the seeded state, never opened after it is written
  std::filesystem::path live_;    // the copy the API uses
  std::unique_ptr<SqliteCaseStore> store_;
};

}  // namespace pocsift::fuzz
