// The SQLite store's schema as an ordered list of migrations (data, not code paths).
//
// The database's version is SQLite's `PRAGMA user_version`: the number of migrations applied.
// MigrateSchema() applies the missing ones, each in its own transaction, so a store written by
// an older pocsift opens in a newer one with its cases intact. A database newer than this
// build is refused rather than guessed at. Migrations are only ever appended.
#pragma once

#include <string_view>
#include <vector>

#include "engine/result.h"
#include "engine/serve/sqlite_db.h"

namespace pocsift {

// Migration i (0-based) takes the schema from version i to i + 1.
const std::vector<std::string_view>& SchemaMigrations();

// Brings `db` to the latest version. kUnavailable for a database newer than this build.
Status MigrateSchema(SqliteDb& db);

}  // namespace pocsift
