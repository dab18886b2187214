#include "db/sqlite/sqlite_connection.h"

#include <SQLiteCpp/Database.h>

#include "db/sqlite/statements.h"

namespace skillpath::db {

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path, OpenMode mode) {
  absl::StatusOr<std::unique_ptr<SQLite::Database>> db = OpenDatabase(path, mode);
  if (!db.ok()) return db.status();
  return std::make_unique<SqliteConnection>(std::move(*db));
}

SqliteConnection::SqliteConnection(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteConnection::~SqliteConnection() = default;

std::unique_ptr<Statements> SqliteConnection::NewStatements() { return std::make_unique<SqliteStatements>(*db_); }

void SqliteConnection::Execute(const char* sql) {
  try {
    db_->exec(sql);
  } catch (const SQLite::Exception& e) {
    throw SqlError(FromSqliteError(e));
  }
}

void SqliteConnection::BeginWrite() { Execute("BEGIN IMMEDIATE"); }

}  // namespace skillpath::db
