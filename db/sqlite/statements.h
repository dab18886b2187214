#pragma once
// The SQLite side of db/sql's Statements (issue #16): SqliteStatement wraps
// one SQLite::Statement (SQLiteCpp), SqliteStatements caches them for one
// connection. An SQLite exception leaves as SqlError with its status
// (FromSqliteError).

#include <SQLiteCpp/Statement.h>

#include <memory>
#include <unordered_map>

#include "db/sql/statements.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace skillpath::db {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SQLite::Database& db, const char* sql);

  void BindNull(int index) override;
  void BindInt64(int index, int64_t value) override;
  void BindDouble(int index, double value) override;
  void BindText(int index, const std::string& text, bool copy) override;
  void BindBlob(int index, absl::string_view bytes) override;
  bool Step() override;
  int Exec() override;
  void Reset() noexcept override;
  bool IsNull(int column) override;
  int64_t Int64(int column) override;
  double Double(int column) override;
  std::string Text(int column) override;
  std::string Blob(int column) override;

  SQLite::Statement& sqlite() { return statement_; }

 private:
  SQLite::Statement statement_;
};

class SqliteStatements final : public Statements {
 public:
  explicit SqliteStatements(SQLite::Database& db) : db_(db) {}

  Query Prepare(const char* sql) override;
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  SQLite::Database& db_;
  std::unordered_map<const char*, std::unique_ptr<SqliteStatement>> statements_;
};

}  // namespace skillpath::db
