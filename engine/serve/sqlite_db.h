// A thin RAII layer over SQLite's C API (https://sqlite.org/cintro.html): one open database
// and its prepared statements, with failures as Status/Result values that carry SQLite's own
// message. Nothing here knows about cases; sqlite_case_store.cc does.
//
// Thread-safety: a SqliteDb is used by one thread at a time (the store serialises with a mutex).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace pocsift {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens (creating when absent) the database file. kUnavailable when it cannot be opened.
  static Result<SqliteDb> Open(const std::filesystem::path& path);

  // Runs one or more statements with no results (DDL, PRAGMA, BEGIN/COMMIT).
  Status Exec(std::string_view sql);
  // Compiles one statement. kInternal on a syntax error (a defect in pocsift's SQL).
  Result<SqliteStatement> Prepare(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;
  sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  std::unique_ptr<sqlite3, Closer> db_;
};

// A prepared statement: Bind* (1-based), then Step() until it returns false.
class SqliteStatement {
 public:
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& BindNull(int index);
  SqliteStatement& BindOptional(int index, const std::optional<std::string>& text);

  // true when a row is available, false when done; an error (constraint, I/O) as kInternal.
  Result<bool> Step();
  // Steps to completion, for statements without rows.
  Status Run();

  std::int64_t Int(int column) const;
  std::string Text(int column) const;  // "" for NULL
  std::optional<std::string> OptionalText(int column) const;
  bool IsNull(int column) const;

 private:
  friend class SqliteDb;
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  Error bind_error_;
  bool bind_failed_ = false;
};

}  // namespace pocsift
