#pragma once
// Opening a skillpath database: pragmas (WAL, foreign keys, synchronous=FULL,
// busy timeout) and the schema migrations, applied at start inside one
// transaction so a crash leaves the old schema or the new one, never half.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace SQLite {
class Database;
class Exception;
}  // namespace SQLite

namespace skillpath::db {

enum class OpenMode { kReadWrite, kReadOnly };

// Opens (creating if needed, for kReadWrite) the database at `path` and sets
// the connection's pragmas. ":memory:" gives a private in-memory database.
absl::StatusOr<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode);

// Applies the migrations newer than the database's user_version, all in one
// transaction. FAILED_PRECONDITION if the database is newer than this build.
absl::Status Migrate(SQLite::Database& db);

// The schema version of an open database.
absl::StatusOr<int> SchemaVersion(SQLite::Database& db);

// Maps an SQLite error to a status: constraint -> FAILED_PRECONDITION,
// busy/locked -> UNAVAILABLE, anything else -> INTERNAL.
absl::Status FromSqliteError(const SQLite::Exception& e);

// Runs `fn` and turns an SQLite exception (or a statement's SqlError) into a
// status, so no exception leaves db/: for code on SQLite itself (the
// stores use db/sql's Guard).
template <typename Fn>
auto SqliteGuard(Fn&& fn) -> decltype(fn());

// Copies a live database to `to` with SQLite's online backup API: a
// consistent snapshot even while a server writes to `from`.
absl::Status Backup(const std::string& from, const std::string& to);

}  // namespace skillpath::db

#include "db/sqlite/database_inl.h"
