#include "engine/serve/sqlite_case_store.h"

#include "engine/serve/store_schema.h"

namespace pocsift {
namespace {

// Columns read into a StoredCase, in this order; the override comes from a LEFT JOIN.
constexpr std::string_view kCaseColumns =
    "c.id, c.submitter, c.bundle_sha256, c.link_key, c.status, c.attempts, c.submitted_at, "
    "c.updated_at, c.failure, c.record, c.decision, c.signature, c.duplicate_of, "
    "c.bundle_purged, o.decision, o.severity, o.reason, o.by_whom, o.at";
constexpr std::string_view kCaseFrom = " FROM cases c LEFT JOIN overrides o ON o.case_id = c.id ";

std::int64_t Seconds(Instant t) { return t.time_since_epoch().count(); }
Instant FromSeconds(std::int64_t s) { return Instant(std::chrono::seconds(s)); }

StoredCase ReadCase(const SqliteStatement& row) {
  StoredCase c;
  c.id = row.Text(0);
  c.submitter = row.Text(1);
  c.bundle_sha256 = row.Text(2);
  c.link_key = row.Text(3);
  c.status = row.Text(4);
  c.attempts = static_cast<int>(row.Int(5));
  c.submitted_at = FromSeconds(row.Int(6));
  c.updated_at = FromSeconds(row.Int(7));
  c.failure = row.OptionalText(8);
  c.record = row.OptionalText(9);
  c.decision = row.OptionalText(10);
  c.signature = row.OptionalText(11);
  c.duplicate_of = row.OptionalText(12);
  c.bundle_purged = row.Int(13) != 0;
  if (!row.IsNull(14)) {
    c.override_verdict = VerdictOverride{row.Text(14), row.OptionalText(15), row.Text(16),
                                         row.Text(17), FromSeconds(row.Int(18))};
  }
  return c;
}

// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed uncommitted (an early error return).
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) { begun_ = db_.Exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (begun_ && !committed_) (void)db_.Exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begun() const { return begun_; }
  Status Commit() {
    Status status = db_.Exec("COMMIT");
    committed_ = static_cast<bool>(status);
    return status;
  }

 private:
  SqliteDb& db_;
  Status begun_;
  bool committed_ = false;
};

}  // namespace

Result<std::unique_ptr<SqliteCaseStore>> SqliteCaseStore::Open(const std::filesystem::path& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return db.error();
  // WAL: readers never block the writer; FULL: each commit is fsynced before it returns, so an
  // acknowledged case survives a crash of the machine too, not only of the process.
  if (Status s = db.value().Exec(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
      !s)
    return Unavailable("case store " + path.string() + ": " + s.error().message);
  if (Status s = MigrateSchema(db.value()); !s) return s.error();
  return std::unique_ptr<SqliteCaseStore>(new SqliteCaseStore(std::move(db).value()));
}

Result<std::optional<StoredCase>> SqliteCaseStore::GetLocked(const std::string& id) {
  auto query = db_.Prepare("SELECT " + std::string(kCaseColumns) + std::string(kCaseFrom) +
                           "WHERE c.id = ?");
  if (!query) return query.error();
  query.value().Bind(1, id);
  auto row = query.value().Step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<StoredCase>();
  return std::optional<StoredCase>(ReadCase(query.value()));
}

Result<SubmitOutcome> SqliteCaseStore::Submit(const NewCase& fresh) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun().error();
  // Only this submitter's own cases are searched: another's identical bundle is invisible.
  auto existing = FindLocked(fresh.submitter, fresh.bundle_sha256);
  if (!existing) return existing.error();
  if (existing.value()) return SubmitOutcome{std::move(*existing.value()), false};
  auto insert = db_.Prepare(
      "INSERT INTO cases (id, submitter, bundle_sha256, link_key, status, submitted_at, "
      "updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)");
  if (!insert) return insert.error();
  insert.value()
      .Bind(1, fresh.id)
      .Bind(2, fresh.submitter)
      .Bind(3, fresh.bundle_sha256)
      .Bind(4, fresh.link_key)
      .Bind(5, Seconds(fresh.submitted_at))
      .Bind(6, Seconds(fresh.submitted_at));
  if (Status s = insert.value().Run(); !s) return s.error();
  auto bundle = db_.Prepare("INSERT INTO bundles (case_id, bytes) VALUES (?, ?)");
  if (!bundle) return bundle.error();
  bundle.value().Bind(1, fresh.id).BindBlob(2, fresh.bundle);
  if (Status s = bundle.value().Run(); !s) return s.error();
  auto log = db_.Prepare("INSERT INTO access_log (at, who, action, case_id) VALUES (?, ?, ?, ?)");
  if (!log) return log.error();
  log.value()
      .Bind(1, Seconds(fresh.submitted_at))
      .Bind(2, fresh.submitter)
      .Bind(3, "submit")
      .Bind(4, fresh.id);
  if (Status s = log.value().Run(); !s) return s.error();
  auto stored = GetLocked(fresh.id);
  if (!stored) return stored.error();
  if (Status s = tx.Commit(); !s) return s.error();
  return SubmitOutcome{std::move(*stored.value()), true};
}

Result<std::optional<StoredCase>> SqliteCaseStore::FindLocked(const std::string& submitter,
                                                              const std::string& bundle_sha256) {
  auto query = db_.Prepare("SELECT " + std::string(kCaseColumns) + std::string(kCaseFrom) +
                           "WHERE c.submitter = ? AND c.bundle_sha256 = ?");
  if (!query) return query.error();
  query.value().Bind(1, submitter).Bind(2, bundle_sha256);
  auto row = query.value().Step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<StoredCase>();
  return std::optional<StoredCase>(ReadCase(query.value()));
}

Result<std::optional<StoredCase>> SqliteCaseStore::FindSubmission(
    const std::string& submitter, const std::string& bundle_sha256) {
  std::lock_guard lock(mutex_);
  return FindLocked(submitter, bundle_sha256);
}

Result<std::optional<StoredCase>> SqliteCaseStore::Get(const std::string& id) {
  std::lock_guard lock(mutex_);
  return GetLocked(id);
}

Result<std::vector<StoredCase>> SqliteCaseStore::List(const CaseFilter& filter) {
  std::lock_guard lock(mutex_);
  std::string sql = "SELECT " + std::string(kCaseColumns) + std::string(kCaseFrom) + "WHERE 1";
  if (filter.submitter) sql += " AND c.submitter = ?1";
  if (filter.status) sql += " AND c.status = ?2";
  if (filter.decision) sql += " AND COALESCE(o.decision, c.decision) = ?3";
  if (filter.since) sql += " AND c.submitted_at >= ?4";
  sql += " ORDER BY c.seq DESC LIMIT ?5";
  auto query = db_.Prepare(sql);
  if (!query) return query.error();
  auto& q = query.value();
  if (filter.submitter) q.Bind(1, *filter.submitter);
  if (filter.status) q.Bind(2, *filter.status);
  if (filter.decision) q.Bind(3, *filter.decision);
  if (filter.since) q.Bind(4, Seconds(*filter.since));
  q.Bind(5, static_cast<std::int64_t>(filter.limit));
  std::vector<StoredCase> cases;
  for (;;) {
    auto row = q.Step();
    if (!row) return row.error();
    if (!row.value()) break;
    cases.push_back(ReadCase(q));
  }
  return cases;
}

Result<std::optional<ClaimedCase>> SqliteCaseStore::ClaimNext(Instant now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun().error();
  auto next = db_.Prepare(
      "SELECT id FROM cases WHERE status = 'queued' AND not_before <= ? ORDER BY seq LIMIT 1");
  if (!next) return next.error();
  next.value().Bind(1, Seconds(now));
  auto row = next.value().Step();
  if (!row) return row.error();
  if (!row.value()) return std::optional<ClaimedCase>();
  const std::string id = next.value().Text(0);
  auto claim = db_.Prepare(
      "UPDATE cases SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?");
  if (!claim) return claim.error();
  claim.value().Bind(1, Seconds(now)).Bind(2, id);
  if (Status s = claim.value().Run(); !s) return s.error();
  auto bundle = db_.Prepare("SELECT bytes FROM bundles WHERE case_id = ?");
  if (!bundle) return bundle.error();
  bundle.value().Bind(1, id);
  auto has_bundle = bundle.value().Step();
  if (!has_bundle) return has_bundle.error();
  auto stored = GetLocked(id);
  if (!stored) return stored.error();
  if (Status s = tx.Commit(); !s) return s.error();
  ClaimedCase claimed{std::move(*stored.value()),
                      has_bundle.value() ? bundle.value().Text(0) : std::string()};
  return std::optional<ClaimedCase>(std::move(claimed));
}

Status SqliteCaseStore::Finish(const std::string& id, const std::string& record,
                               const std::string& decision,
                               const std::optional<std::string>& signature, Instant now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun();
  std::optional<std::string> duplicate_of;
  if (signature) {
    auto earlier = db_.Prepare(
        "SELECT id FROM cases WHERE signature = ? AND id != ? AND status = 'done' "
        "ORDER BY seq LIMIT 1");
    if (!earlier) return earlier.error();
    earlier.value().Bind(1, *signature).Bind(2, id);
    auto row = earlier.value().Step();
    if (!row) return row.error();
    if (row.value()) duplicate_of = earlier.value().Text(0);
  }
  auto update = db_.Prepare(
      "UPDATE cases SET status = 'done', record = ?, decision = ?, signature = ?, "
      "duplicate_of = ?, failure = NULL, updated_at = ? WHERE id = ? AND status = 'running'");
  if (!update) return update.error();
  update.value()
      .Bind(1, record)
      .Bind(2, decision)
      .BindOptional(3, signature)
      .BindOptional(4, duplicate_of)
      .Bind(5, Seconds(now))
      .Bind(6, id);
  if (Status s = update.value().Run(); !s) return s;
  if (db_.Changes() != 1) return NotFound("case " + id + " is not running");
  return tx.Commit();
}

Status SqliteCaseStore::FailAttempt(const std::string& id, const std::string& reason,
                                    int max_attempts, bool permanent, Instant retry_at,
                                    Instant now) {
  std::lock_guard lock(mutex_);
  auto update = db_.Prepare(
      "UPDATE cases SET failure = ?1, updated_at = ?2, not_before = ?3, "
      "status = CASE WHEN ?4 OR attempts >= ?5 THEN 'failed' ELSE 'queued' END "
      "WHERE id = ?6 AND status = 'running'");
  if (!update) return update.error();
  update.value()
      .Bind(1, reason)
      .Bind(2, Seconds(now))
      .Bind(3, Seconds(retry_at))
      .Bind(4, static_cast<std::int64_t>(permanent))
      .Bind(5, static_cast<std::int64_t>(max_attempts))
      .Bind(6, id);
  if (Status s = update.value().Run(); !s) return s;
  if (db_.Changes() != 1) return NotFound("case " + id + " is not running");
  return {};
}

Result<int> SqliteCaseStore::RecoverRunning(int max_attempts, Instant now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun().error();
  auto give_up = db_.Prepare(
      "UPDATE cases SET status = 'failed', updated_at = ?1, failure = 'the server stopped "
      "while checking this case ' || attempts || ' times; not retried again' "
      "WHERE status = 'running' AND attempts >= ?2");
  if (!give_up) return give_up.error();
  give_up.value().Bind(1, Seconds(now)).Bind(2, static_cast<std::int64_t>(max_attempts));
  if (Status s = give_up.value().Run(); !s) return s.error();
  auto requeue = db_.Prepare(
      "UPDATE cases SET status = 'queued', not_before = 0, updated_at = ?1, "
      "failure = 'the server stopped while checking this case; re-queued' "
      "WHERE status = 'running'");
  if (!requeue) return requeue.error();
  requeue.value().Bind(1, Seconds(now));
  if (Status s = requeue.value().Run(); !s) return s.error();
  const int requeued = db_.Changes();
  if (Status s = tx.Commit(); !s) return s.error();
  return requeued;
}

Status SqliteCaseStore::Override(const std::string& id, const VerdictOverride& verdict) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun();
  auto exists = GetLocked(id);
  if (!exists) return exists.error();
  if (!exists.value()) return NotFound("no case " + id);
  if (exists.value()->status != kStatusDone)
    return BadInput("case " + id + " has no verdict yet (status " + exists.value()->status + ")");
  auto upsert = db_.Prepare(
      "INSERT INTO overrides (case_id, decision, severity, reason, by_whom, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (case_id) DO UPDATE SET "
      "decision = ?2, severity = ?3, reason = ?4, by_whom = ?5, at = ?6");
  if (!upsert) return upsert.error();
  upsert.value()
      .Bind(1, id)
      .Bind(2, verdict.decision)
      .BindOptional(3, verdict.severity)
      .Bind(4, verdict.reason)
      .Bind(5, verdict.by)
      .Bind(6, Seconds(verdict.at));
  if (Status s = upsert.value().Run(); !s) return s;
  auto log = db_.Prepare("INSERT INTO access_log (at, who, action, case_id) VALUES (?, ?, ?, ?)");
  if (!log) return log.error();
  log.value().Bind(1, Seconds(verdict.at)).Bind(2, verdict.by).Bind(3, "override").Bind(4, id);
  if (Status s = log.value().Run(); !s) return s;
  return tx.Commit();
}

Status SqliteCaseStore::LogAccess(const AccessEntry& entry) {
  std::lock_guard lock(mutex_);
  // A read's log row is committed without its own fsync (synchronous=NORMAL): in WAL mode it
  // still survives a crash of the process, and the next case change's FULL commit syncs it to
  // disk. Without this every GET would wait for an fsync.
  if (Status s = db_.Exec("PRAGMA synchronous=NORMAL"); !s) return s;
  auto log = db_.Prepare("INSERT INTO access_log (at, who, action, case_id) VALUES (?, ?, ?, ?)");
  Status written = log ? Status() : Status(log.error());
  if (log) {
    log.value()
        .Bind(1, Seconds(entry.at))
        .Bind(2, entry.who)
        .Bind(3, entry.action)
        .Bind(4, entry.case_id);
    written = log.value().Run();
  }
  if (Status s = db_.Exec("PRAGMA synchronous=FULL"); !s) return s;
  return written;
}

Result<std::vector<AccessEntry>> SqliteCaseStore::AccessLog(const std::string& case_id) {
  std::lock_guard lock(mutex_);
  auto query =
      db_.Prepare("SELECT at, who, action, case_id FROM access_log WHERE case_id = ? ORDER BY seq");
  if (!query) return query.error();
  query.value().Bind(1, case_id);
  std::vector<AccessEntry> entries;
  for (;;) {
    auto row = query.value().Step();
    if (!row) return row.error();
    if (!row.value()) break;
    const auto& q = query.value();
    entries.push_back({FromSeconds(q.Int(0)), q.Text(1), q.Text(2), q.Text(3)});
  }
  return entries;
}

Result<int> SqliteCaseStore::PurgeBundles(Instant cutoff) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return tx.begun().error();
  auto mark = db_.Prepare(
      "UPDATE cases SET bundle_purged = 1 WHERE bundle_purged = 0 AND "
      "status IN ('done', 'failed') AND updated_at < ?");
  if (!mark) return mark.error();
  mark.value().Bind(1, Seconds(cutoff));
  if (Status s = mark.value().Run(); !s) return s.error();
  const int purged = db_.Changes();
  if (Status s = db_.Exec("DELETE FROM bundles WHERE case_id IN "
                          "(SELECT id FROM cases WHERE bundle_purged = 1)");
      !s)
    return s.error();
  if (Status s = tx.Commit(); !s) return s.error();
  return purged;
}

Result<QueueCounts> SqliteCaseStore::Counts(const std::optional<std::string>& submitter) {
  std::lock_guard lock(mutex_);
  auto query = db_.Prepare(submitter ? "SELECT status, COUNT(*) FROM cases WHERE submitter = ? "
                                       "GROUP BY status"
                                     : "SELECT status, COUNT(*) FROM cases GROUP BY status");
  if (!query) return query.error();
  if (submitter) query.value().Bind(1, *submitter);
  QueueCounts counts;
  for (;;) {
    auto row = query.value().Step();
    if (!row) return row.error();
    if (!row.value()) break;
    const std::string status = query.value().Text(0);
    const std::int64_t n = query.value().Int(1);
    if (status == kStatusQueued)
      counts.queued = n;
    else if (status == kStatusRunning)
      counts.running = n;
    else if (status == kStatusDone)
      counts.done = n;
    else if (status == kStatusFailed)
      counts.failed = n;
  }
  return counts;
}

}  // namespace pocsift
