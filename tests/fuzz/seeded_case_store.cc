#include "tests/fuzz/seeded_case_store.h"

#include <cstdlib>
#include <system_error>

#include "tests/fuzz/serve_world.h"

namespace pocsift::fuzz {
namespace {

namespace fs = std::filesystem;

void WriteSeededStore(const fs::path& path, Instant now) {
  auto opened = SqliteCaseStore::Open(path);
  if (!opened) std::abort();
  SqliteCaseStore& store = *opened.value();
  const auto add = [&](const serve_world::SeededCase& c, char digest) {
    const NewCase fresh{std::string(c.id),       std::string(serve_world::kOwner),
                        std::string(64, digest), std::string(c.link_key),
                        "bundle bytes",          now};
    if (!store.Submit(fresh)) std::abort();
  };
  add(serve_world::kDone, 'b');
  add(serve_world::kQueued, 'a');
  auto claimed = store.ClaimNext(now);
  if (!claimed || !claimed.value() || claimed.value()->stored.id != serve_world::kDone.id)
    std::abort();
  const std::string record = R"({"format": "pocsift-case/1", "title": "Seeded case",
    "verdict": {"decision": "ineligible", "severity": null},
    "findings": [{"rule": "size.body", "outcome": "fail", "message": "the body is 3 MB",
                  "policy": "bodies under 2.5 MB"}]})";
  if (!store.Finish(std::string(serve_world::kDone.id), record, "ineligible", std::nullopt, now))
    std::abort();
}  // closing the store checkpoints its WAL into the file

fs::path Wal(const fs::path& db) { return db.string() + "-wal"; }

}  // namespace

SeededCaseStore::SeededCaseStore(const fs::path& dir, Instant now)
    : seeded_(dir / "seeded.sqlite"), live_(dir / "cases.sqlite") {
  WriteSeededStore(seeded_, now);
  Reopen();
}

void SeededCaseStore::Reopen() {
  store_.reset();
  std::error_code ignored;
  fs::remove(Wal(live_), ignored);
  fs::remove(live_.string() + "-shm", ignored);
  if (!fs::copy_file(seeded_, live_, fs::copy_options::overwrite_existing, ignored)) std::abort();
  auto opened = SqliteCaseStore::Open(live_);
  if (!opened) std::abort();
  store_ = std::move(opened).value();
}

void SeededCaseStore::Reset() {
  // In WAL mode every committed write lands in the -wal file first.
  std::error_code absent;
  const auto wal_bytes = fs::file_size(Wal(live_), absent);
  if (!absent && wal_bytes > 0) Reopen();
}

Result<SubmitOutcome> SeededCaseStore::Submit(const NewCase& fresh) {
  return store_->Submit(fresh);
}
Result<std::optional<StoredCase>> SeededCaseStore::FindSubmission(
    const std::string& submitter, const std::string& bundle_sha256) {
  return store_->FindSubmission(submitter, bundle_sha256);
}
Result<std::optional<StoredCase>> SeededCaseStore::Get(const std::string& id) {
  return store_->Get(id);
}
Result<std::vector<StoredCase>> SeededCaseStore::List(const CaseFilter& filter) {
  return store_->List(filter);
}
Result<std::optional<ClaimedCase>> SeededCaseStore::ClaimNext(Instant now) {
  return store_->ClaimNext(now);
}
Status SeededCaseStore::Finish(const std::string& id, const std::string& record,
                               const std::string& decision,
                               const std::optional<std::string>& signature, Instant now) {
  return store_->Finish(id, record, decision, signature, now);
}
Status SeededCaseStore::FailAttempt(const std::string& id, const std::string& reason,
                                    int max_attempts, bool permanent, Instant retry_at,
                                    Instant now) {
  return store_->FailAttempt(id, reason, max_attempts, permanent, retry_at, now);
}
Result<int> SeededCaseStore::RecoverRunning(int max_attempts, Instant now) {
  return store_->RecoverRunning(max_attempts, now);
}
Status SeededCaseStore::Override(const std::string& id, const VerdictOverride& verdict) {
  return store_->Override(id, verdict);
}
Status SeededCaseStore::LogAccess(const AccessEntry& entry) { return store_->LogAccess(entry); }
Result<std::vector<AccessEntry>> SeededCaseStore::AccessLog(const std::string& case_id) {
  return store_->AccessLog(case_id);
}
Result<int> SeededCaseStore::PurgeBundles(Instant cutoff) { return store_->PurgeBundles(cutoff); }
Result<QueueCounts> SeededCaseStore::Counts(const std::optional<std::string>& submitter) {
  return store_->Counts(submitter);
}

}  // namespace pocsift::fuzz
