// The embedded case store: one SQLite file in WAL mode with synchronous=FULL, so that a
// submission is on disk before it is acknowledged and a SIGKILL at any moment loses nothing
// acknowledged (https://sqlite.org/wal.html, https://sqlite.org/pragma.html#pragma_synchronous).
//
// One connection, serialised by a mutex: the server's write rate is a few rows per case, far
// below what one SQLite writer sustains.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "engine/serve/case_store.h"
#include "engine/serve/sqlite_db.h"

namespace pocsift {

class SqliteCaseStore final : public CaseStore {
 public:
  // Opens or creates the store at `path` and migrates its schema (store_schema.h).
  static Result<std::unique_ptr<SqliteCaseStore>> Open(const std::filesystem::path& path);

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
  explicit SqliteCaseStore(SqliteDb db) : db_(std::move(db)) {}
  Result<std::optional<StoredCase>> GetLocked(const std::string& id);
  Result<std::optional<StoredCase>> FindLocked(const std::string& submitter,
                                               const std::string& bundle_sha256);

  std::mutex mutex_;
  SqliteDb db_;
};

}  // namespace pocsift
