// The SQLite case store: idempotent submission per submitter, the claim/finish/retry
// lifecycle, recovery of running cases, duplicates, overrides, retention, the access log and
// schema migrations from an older version.
#include "engine/serve/sqlite_case_store.h"

#include <gtest/gtest.h>

#include "engine/serve/store_schema.h"
#include "tests/support/temp_dir.h"

using pocsift::testing::TempDir;

namespace pocsift {
namespace {

Instant At(int seconds) { return Instant(std::chrono::seconds(1'800'000'000 + seconds)); }

NewCase Fresh(std::string id, std::string submitter, std::string sha = "aa") {
  return {std::move(id), std::move(submitter), std::move(sha), "key-" + id, "bundle-bytes", At(0)};
}

class SqliteCaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteCaseStore::Open(dir_.path() / "cases.sqlite");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(opened).value();
  }
  StoredCase MustGet(const std::string& id) {
    auto got = store_->Get(id);
    EXPECT_TRUE(got && got.value());
    return *got.value();
  }
  ClaimedCase MustClaim(Instant now) {
    auto claimed = store_->ClaimNext(now);
    EXPECT_TRUE(claimed && claimed.value());
    return *claimed.value();
  }
  TempDir dir_;
  std::unique_ptr<SqliteCaseStore> store_;
};

TEST_F(SqliteCaseStoreTest, SameSubmitterSameBundleReturnsTheExistingCase) {
  auto first = store_->Submit(Fresh("s-1", "alice"));
  ASSERT_TRUE(first);
  EXPECT_TRUE(first.value().created);
  auto again = store_->Submit(Fresh("s-2", "alice"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again.value().created);
  EXPECT_EQ(again.value().stored.id, "s-1");
  EXPECT_FALSE(store_->Get("s-2").value().has_value());
}

TEST_F(SqliteCaseStoreTest, AnotherSubmitterGetsANewCase) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice")));
  auto other = store_->Submit(Fresh("s-2", "bob"));
  ASSERT_TRUE(other);
  EXPECT_TRUE(other.value().created);
  EXPECT_EQ(other.value().stored.id, "s-2");
  auto found = store_->FindSubmission("bob", "aa");
  ASSERT_TRUE(found && found.value());
  EXPECT_EQ(found.value()->id, "s-2");
}

TEST_F(SqliteCaseStoreTest, ClaimRunsOldestFirstAndFinishStoresTheRecord) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice", "a1")));
  ASSERT_TRUE(store_->Submit(Fresh("s-2", "alice", "a2")));
  ClaimedCase claimed = MustClaim(At(1));
  EXPECT_EQ(claimed.stored.id, "s-1");
  EXPECT_EQ(claimed.stored.status, "running");
  EXPECT_EQ(claimed.stored.attempts, 1);
  EXPECT_EQ(claimed.bundle, "bundle-bytes");
  ASSERT_TRUE(store_->Finish("s-1", R"({"x":1})", "ineligible", std::nullopt, At(2)));
  const StoredCase done = MustGet("s-1");
  EXPECT_EQ(done.status, "done");
  EXPECT_EQ(done.record.value_or(""), R"({"x":1})");
  EXPECT_EQ(done.decision.value_or(""), "ineligible");
  const auto counts = store_->Counts(std::nullopt).value();
  EXPECT_EQ(counts.queued, 1);
  EXPECT_EQ(counts.done, 1);
}

TEST_F(SqliteCaseStoreTest, FailedAttemptsAreRetriedAfterBackoffThenFail) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice")));
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ClaimedCase claimed = MustClaim(At(attempt * 100));
    EXPECT_EQ(claimed.stored.attempts, attempt);
    ASSERT_TRUE(store_->FailAttempt("s-1", "boom " + std::to_string(attempt), 3, false,
                                    At(attempt * 100 + 10), At(attempt * 100)));
    if (attempt < 3) {
      EXPECT_EQ(MustGet("s-1").status, "queued");
      EXPECT_FALSE(store_->ClaimNext(At(attempt * 100 + 5)).value().has_value())
          << "claimed during the back-off";
    }
  }
  const StoredCase failed = MustGet("s-1");
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.failure.value_or(""), "boom 3");
}

TEST_F(SqliteCaseStoreTest, PermanentFailureFailsAtOnce) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice")));
  MustClaim(At(1));
  ASSERT_TRUE(store_->FailAttempt("s-1", "bad bundle", 3, true, At(2), At(1)));
  EXPECT_EQ(MustGet("s-1").status, "failed");
}

TEST_F(SqliteCaseStoreTest, RecoverRunningRequeuesAndGivesUpAtTheBound) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice", "a1")));
  ASSERT_TRUE(store_->Submit(Fresh("s-2", "alice", "a2")));
  MustClaim(At(1));
  MustClaim(At(1));
  auto requeued = store_->RecoverRunning(3, At(2));
  ASSERT_TRUE(requeued);
  EXPECT_EQ(requeued.value(), 2);
  EXPECT_EQ(MustGet("s-1").status, "queued");
  // A case that keeps killing its server stops being retried.
  for (int i = 0; i < 2; ++i) {
    while (store_->ClaimNext(At(3)).value()) {
    }
    ASSERT_TRUE(store_->RecoverRunning(3, At(4)));
  }
  const StoredCase given_up = MustGet("s-1");
  EXPECT_EQ(given_up.status, "failed");
  EXPECT_NE(given_up.failure.value_or("").find("3 times"), std::string::npos);
}

TEST_F(SqliteCaseStoreTest, SameSignatureMarksAPossibleDuplicate) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice", "a1")));
  ASSERT_TRUE(store_->Submit(Fresh("s-2", "bob", "b1")));
  ASSERT_TRUE(store_->Submit(Fresh("s-3", "carol", "c1")));
  for (const char* id : {"s-1", "s-2", "s-3"}) {
    MustClaim(At(1));
    const std::optional<std::string> signature =
        std::string(id) == "s-3" ? std::optional<std::string>("other") : "sig";
    ASSERT_TRUE(store_->Finish(id, "{}", "eligible", signature, At(2)));
  }
  EXPECT_FALSE(MustGet("s-1").duplicate_of);
  EXPECT_EQ(MustGet("s-2").duplicate_of.value_or(""), "s-1");
  EXPECT_FALSE(MustGet("s-3").duplicate_of);
}

TEST_F(SqliteCaseStoreTest, OverrideKeepsTheEngineVerdictAndSaysWhoAndWhen) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice")));
  EXPECT_EQ(store_->Override("s-1", {"eligible", "high", "why", "tri", At(5)}).error().kind,
            ErrorKind::kBadInput)
      << "a queued case has no verdict to override";
  MustClaim(At(1));
  ASSERT_TRUE(store_->Finish("s-1", R"({"verdict":{"decision":"needs-review"}})", "needs-review",
                             std::nullopt, At(2)));
  ASSERT_TRUE(store_->Override("s-1", {"eligible", "high", "confirmed by hand", "tri", At(5)}));
  const StoredCase c = MustGet("s-1");
  ASSERT_TRUE(c.override_verdict);
  EXPECT_EQ(c.override_verdict->decision, "eligible");
  EXPECT_EQ(c.override_verdict->by, "tri");
  EXPECT_EQ(c.override_verdict->at, At(5));
  EXPECT_EQ(c.decision.value_or(""), "needs-review");
  CaseFilter eligible;
  eligible.decision = "eligible";
  EXPECT_EQ(store_->List(eligible).value().size(), 1u);
  EXPECT_EQ(store_->Override("s-nope", {"eligible", {}, "x", "tri", At(5)}).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(SqliteCaseStoreTest, RetentionPurgesOldBundlesButKeepsVerdicts) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice", "a1")));
  ASSERT_TRUE(store_->Submit(Fresh("s-2", "alice", "a2")));
  MustClaim(At(1));
  ASSERT_TRUE(store_->Finish("s-1", R"({"kept":true})", "ineligible", std::nullopt, At(10)));
  auto purged = store_->PurgeBundles(At(100));
  ASSERT_TRUE(purged);
  EXPECT_EQ(purged.value(), 1) << "the queued case keeps its bundle";
  const StoredCase c = MustGet("s-1");
  EXPECT_TRUE(c.bundle_purged);
  EXPECT_EQ(c.record.value_or(""), R"({"kept":true})");
  EXPECT_FALSE(MustGet("s-2").bundle_purged);
  EXPECT_EQ(MustClaim(At(200)).bundle, "bundle-bytes");
}

TEST_F(SqliteCaseStoreTest, AccessLogRecordsWhoDidWhat) {
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice")));
  ASSERT_TRUE(store_->LogAccess({At(3), "tri", "read", "s-1"}));
  auto log = store_->AccessLog("s-1");
  ASSERT_TRUE(log);
  ASSERT_EQ(log.value().size(), 2u);
  EXPECT_EQ(log.value()[0].action, "submit");
  EXPECT_EQ(log.value()[0].who, "alice");
  EXPECT_EQ(log.value()[1].who, "tri");
}

TEST_F(SqliteCaseStoreTest, ListFiltersBySubmitterStatusAndSince) {
  NewCase late = Fresh("s-2", "bob", "b1");
  late.submitted_at = At(1000);
  ASSERT_TRUE(store_->Submit(Fresh("s-1", "alice", "a1")));
  ASSERT_TRUE(store_->Submit(late));
  CaseFilter by_bob;
  by_bob.submitter = "bob";
  EXPECT_EQ(store_->List(by_bob).value().size(), 1u);
  CaseFilter since;
  since.since = At(500);
  ASSERT_EQ(store_->List(since).value().size(), 1u);
  EXPECT_EQ(store_->List(since).value()[0].id, "s-2");
  CaseFilter done;
  done.status = "done";
  EXPECT_TRUE(store_->List(done).value().empty());
}

TEST(StoreSchema, OpensAVersionOneStoreAndMigratesItWithItsCases) {
  TempDir dir;
  const auto path = dir.path() / "old.sqlite";
  {
    auto db = SqliteDb::Open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db.value().Exec(std::string(SchemaMigrations()[0]) + "PRAGMA user_version = 1;"));
    ASSERT_TRUE(db.value().Exec(
        "INSERT INTO cases (id, submitter, bundle_sha256, link_key, status, submitted_at, "
        "updated_at) VALUES ('s-old', 'alice', 'aa', 'k', 'queued', 1, 1)"));
  }
  auto store = SqliteCaseStore::Open(path);
  ASSERT_TRUE(store) << store.error().message;
  auto old = store.value()->Get("s-old");
  ASSERT_TRUE(old && old.value());
  EXPECT_FALSE(old.value()->signature);
  auto db = SqliteDb::Open(path);
  auto version = db.value().Prepare("PRAGMA user_version");
  ASSERT_TRUE(version.value().Step().value());
  EXPECT_EQ(static_cast<std::size_t>(version.value().Int(0)), SchemaMigrations().size());
}

TEST(StoreSchema, RefusesAStoreFromANewerPocsift) {
  TempDir dir;
  const auto path = dir.path() / "new.sqlite";
  {
    auto db = SqliteDb::Open(path);
    ASSERT_TRUE(db.value().Exec("PRAGMA user_version = 999;"));
  }
  auto store = SqliteCaseStore::Open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

}  // namespace
}  // namespace pocsift
