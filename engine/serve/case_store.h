// The durable case store behind `pocsift serve`: what it keeps and the operations the server
// needs, as a small interface so that a server database can replace the embedded SQLite one
// (docs/serve.md describes a PostgreSQL store shared by several instances).
//
// Lifecycle of a case: Submit (queued) -> ClaimNext (running, attempts + 1) -> Finish (done)
// or FailAttempt (queued again after a back-off, or failed once attempts reach the bound).
// A case left running by a server that died is re-queued by RecoverRunning at start-up.
//
// Every operation is atomic and durable when it returns success: an acknowledged submission
// survives SIGKILL of the process. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/dates.h"
#include "engine/result.h"

namespace pocsift {

inline constexpr std::string_view kStatusQueued = "queued";
inline constexpr std::string_view kStatusRunning = "running";
inline constexpr std::string_view kStatusDone = "done";
inline constexpr std::string_view kStatusFailed = "failed";

// A triager's decision over the engine's; the engine's verdict stays in the record.
struct VerdictOverride {
  std::string decision;                 // eligible | ineligible | redirect | needs-review
  std::optional<std::string> severity;  // high | moderate | low
  std::string reason;
  std::string by;  // the token's name
  Instant at;
};

struct StoredCase {
  std::string id;  // the server's case id: random, unrelated to the content hash
  std::string submitter;
  std::string bundle_sha256;
  std::string link_key;  // the secret of the reporter's per-case link
  std::string status;    // queued | running | done | failed
  int attempts = 0;
  Instant submitted_at;
  Instant updated_at;
  std::optional<std::string> failure;       // the last failure's reason
  std::optional<std::string> record;        // the engine's case record (JSON), once done
  std::optional<std::string> decision;      // the engine's decision, once done
  std::optional<std::string> signature;     // duplicate signature (engine/serve/case_signature.h)
  std::optional<std::string> duplicate_of;  // an earlier case with the same signature
  std::optional<VerdictOverride> override_verdict;
  bool bundle_purged = false;  // retention removed the bundle; the verdict stays
};

struct NewCase {
  std::string id;
  std::string submitter;
  std::string bundle_sha256;
  std::string link_key;
  std::string bundle;  // the archive's bytes as uploaded
  Instant submitted_at;
};

struct SubmitOutcome {
  StoredCase stored;
  bool created = false;  // false: the same submitter had already sent this bundle
};

struct ClaimedCase {
  StoredCase stored;
  std::string bundle;
};

struct CaseFilter {
  std::optional<std::string> submitter;  // only this submitter's cases
  std::optional<std::string> status;
  std::optional<std::string> decision;  // the effective decision (an override wins)
  std::optional<Instant> since;         // submitted at or after
  int limit = 100;
};

struct AccessEntry {
  Instant at;
  std::string who;     // a token's name, or "link" for the reporter's link
  std::string action;  // submit | read | list | override | resubmit
  std::string case_id;
};

struct QueueCounts {
  std::int64_t queued = 0;
  std::int64_t running = 0;
  std::int64_t done = 0;
  std::int64_t failed = 0;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Inserts `fresh` as queued, unless its submitter already sent the same bundle: then the
  // existing case is returned with created = false. Cases of other submitters are never
  // looked at, so nothing about them can leak.
  virtual Result<SubmitOutcome> Submit(const NewCase& fresh) = 0;
  // This submitter's case for this bundle, if they sent it before.
  virtual Result<std::optional<StoredCase>> FindSubmission(const std::string& submitter,
                                                           const std::string& bundle_sha256) = 0;
  virtual Result<std::optional<StoredCase>> Get(const std::string& id) = 0;
  // Newest first, at most filter.limit.
  virtual Result<std::vector<StoredCase>> List(const CaseFilter& filter) = 0;

  // The oldest queued case whose back-off has passed, now running; nullopt when none.
  virtual Result<std::optional<ClaimedCase>> ClaimNext(Instant now) = 0;
  // Stores the record and marks the case done. A case with a signature is marked a possible
  // duplicate of the earliest other finished case with the same signature.
  virtual Status Finish(const std::string& id, const std::string& record,
                        const std::string& decision, const std::optional<std::string>& signature,
                        Instant now) = 0;
  // Records a failed attempt: re-queued with `retry_at`, or failed for good once the case has
  // had `max_attempts` attempts (or when `permanent`).
  virtual Status FailAttempt(const std::string& id, const std::string& reason, int max_attempts,
                             bool permanent, Instant retry_at, Instant now) = 0;
  // At start-up: every running case (its server died) is re-queued, or failed when it has
  // used its attempts. Returns how many were re-queued.
  virtual Result<int> RecoverRunning(int max_attempts, Instant now) = 0;

  virtual Status Override(const std::string& id, const VerdictOverride& verdict) = 0;
  virtual Status LogAccess(const AccessEntry& entry) = 0;
  virtual Result<std::vector<AccessEntry>> AccessLog(const std::string& case_id) = 0;
  // Deletes the bundles of finished cases last updated before `cutoff`; verdicts stay.
  virtual Result<int> PurgeBundles(Instant cutoff) = 0;
  // Counts of all cases, or of one submitter's.
  virtual Result<QueueCounts> Counts(const std::optional<std::string>& submitter) = 0;
};

}  // namespace pocsift
