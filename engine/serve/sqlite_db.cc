#include "engine/serve/sqlite_db.h"

namespace pocsift {
namespace {

std::string Message(sqlite3* db, std::string_view what) {
  return std::string(what) + ": " + sqlite3_errmsg(db);
}

}  // namespace

Result<SqliteDb> SqliteDb::Open(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);  // owns `raw` even on failure
  if (rc != SQLITE_OK)
    return Unavailable("cannot open the case store " + path.string() + ": " +
                       (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  // Concurrent readers of the same file (another tool, a backup) wait instead of failing.
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status SqliteDb::Exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = "sqlite: " + std::string(error ? error : "unknown error");
    sqlite3_free(error);
    return Internal(message);
  }
  return {};
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK)
    return Internal(Message(db_.get(), "sqlite: prepare"));
  return SqliteStatement(db_.get(), stmt);
}

int SqliteDb::Changes() const { return sqlite3_changes(db_.get()); }

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK &&
      !bind_failed_) {
    bind_failed_ = true;
    bind_error_ = Internal(Message(db_, "sqlite: bind"));
  }
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK && !bind_failed_) {
    bind_failed_ = true;
    bind_error_ = Internal(Message(db_, "sqlite: bind"));
  }
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) !=
          SQLITE_OK &&
      !bind_failed_) {
    bind_failed_ = true;
    bind_error_ = Internal(Message(db_, "sqlite: bind"));
  }
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

SqliteStatement& SqliteStatement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Result<bool> SqliteStatement::Step() {
  if (bind_failed_) return bind_error_;
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Internal(Message(db_, "sqlite: step"));
}

Status SqliteStatement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!row.value()) return {};
  }
}

std::int64_t SqliteStatement::Int(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string SqliteStatement::Text(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  return bytes ? std::string(bytes, static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::string> SqliteStatement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

}  // namespace pocsift
