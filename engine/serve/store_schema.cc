#include "engine/serve/store_schema.h"

#include <string>

namespace pocsift {

const std::vector<std::string_view>& SchemaMigrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: cases, their bundles (kept apart so retention can drop them), the access log.
      R"sql(
        CREATE TABLE cases (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          submitter TEXT NOT NULL,
          bundle_sha256 TEXT NOT NULL,
          link_key TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          not_before INTEGER NOT NULL DEFAULT 0,
          submitted_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          failure TEXT,
          record TEXT,
          decision TEXT,
          bundle_purged INTEGER NOT NULL DEFAULT 0,
          UNIQUE (submitter, bundle_sha256)
        );
        CREATE INDEX cases_by_status ON cases (status, not_before, seq);
        CREATE TABLE bundles (
          case_id TEXT PRIMARY KEY REFERENCES cases (id),
          bytes BLOB NOT NULL
        );
        CREATE TABLE access_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at INTEGER NOT NULL,
          who TEXT NOT NULL,
          action TEXT NOT NULL,
          case_id TEXT NOT NULL
        );
        CREATE INDEX access_by_case ON access_log (case_id, seq);
      )sql",
      // 2: duplicate signatures.
      R"sql(
        ALTER TABLE cases ADD COLUMN signature TEXT;
        ALTER TABLE cases ADD COLUMN duplicate_of TEXT;
        CREATE INDEX cases_by_signature ON cases (signature, seq);
      )sql",
      // 3: triagers' overrides; the engine's verdict stays in cases.record.
      R"sql(
        CREATE TABLE overrides (
          case_id TEXT PRIMARY KEY REFERENCES cases (id),
          decision TEXT NOT NULL,
          severity TEXT,
          reason TEXT NOT NULL,
          by_whom TEXT NOT NULL,
          at INTEGER NOT NULL
        );
      )sql",
  };
  return kMigrations;
}

Status MigrateSchema(SqliteDb& db) {
  auto version_query = db.Prepare("PRAGMA user_version");
  if (!version_query) return version_query.error();
  auto row = version_query.value().Step();
  if (!row) return row.error();
  const auto version = static_cast<std::size_t>(version_query.value().Int(0));
  const auto& migrations = SchemaMigrations();
  if (version > migrations.size())
    return Unavailable("the case store has schema version " + std::to_string(version) +
                       ", newer than this pocsift understands (" +
                       std::to_string(migrations.size()) + "); use a newer pocsift");
  for (std::size_t i = version; i < migrations.size(); ++i) {
    const std::string sql = "BEGIN IMMEDIATE;" + std::string(migrations[i]) +
                            "PRAGMA user_version = " + std::to_string(i + 1) + "; COMMIT;";
    if (Status applied = db.Exec(sql); !applied) {
      (void)db.Exec("ROLLBACK");
      return Internal("case store migration " + std::to_string(i + 1) + ": " +
                      applied.error().message);
    }
  }
  return {};
}

}  // namespace pocsift
