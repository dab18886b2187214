#pragma once
// The SQLite side of db/sql's Connection (issue #16): one SQLite::Database
// opened with OpenDatabase's pragmas. An SQLite connection is never lost,
// so Restore has nothing to do.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "db/sql/connection.h"
#include "db/sqlite/database.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace skillpath::db {

class SqliteConnection final : public Connection {
 public:
  // Opens `path` as OpenDatabase does (not migrated).
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path, OpenMode mode);
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> db);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::unique_ptr<Statements> NewStatements() override;
  void Execute(const char* sql) override;
  void BeginWrite() override;
  absl::Status Restore() override { return absl::OkStatus(); }

  SQLite::Database& database() { return *db_; }

 private:
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace skillpath::db
