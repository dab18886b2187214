#pragma once
// The PostgreSQL side of db/sql's Statements (issue #16). The stores' SQL
// is written with SQLite's parameters (? and ?N); NumberedParameters turns
// them into PostgreSQL's $N. A statement is prepared on the server once per
// text and parameter types (the types come from the first binding: int64 as
// int8, double as float8, text as text, bytes as bytea, NULL left for the
// server to infer), run with PQexecPrepared, and its rows read in text
// form. A libpq failure leaves as SqlError with its status (pg::StatusOf).

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/postgres/connection.h"
#include "db/sql/statements.h"

namespace skillpath::db {

// `sql` with every ? and ?N outside quotes as $N (a bare ? numbered one
// past the largest so far, as SQLite numbers it); `*count` is the largest,
// `(*used)[N - 1]` whether $N occurs.
std::string NumberedParameters(absl::string_view sql, int* count, std::vector<bool>* used = nullptr);

class PostgresStatements;

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresStatements& owner, const char* sql);

  void BindNull(int index) override;
  void BindInt64(int index, int64_t value) override;
  void BindDouble(int index, double value) override;
  void BindText(int index, const std::string& text, bool copy) override;
  void BindBlob(int index, absl::string_view bytes) override;
  bool Step() override;
  int Exec() override;
  void Send() override;
  void Reset() noexcept override;
  bool IsNull(int column) override;
  int64_t Int64(int column) override;
  double Double(int column) override;
  std::string Text(int column) override;
  std::string Blob(int column) override;

 private:
  void Bind(int index, pg::Param param, unsigned type);
  void Run();
  // The current row; throws if there is none.
  int Row() const;

  PostgresStatements& owner_;
  std::string sql_;  // with $N
  std::vector<pg::Param> params_;
  std::vector<unsigned> types_;
  std::vector<bool> used_;  // [N - 1]: whether the text uses $N
  std::optional<pg::Result> result_;
  int row_ = -1;
};

class PostgresStatements final : public Statements {
 public:
  explicit PostgresStatements(pg::Connection& conn) : conn_(conn), generation_(conn.generation()) {}

  Query Prepare(const char* sql) override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  void Finish() override;

  pg::Connection& connection() { return conn_; }
  // The server-side name of `sql` prepared with `types`, preparing it the
  // first time (and again on a new connection: pg::Connection::Reset).
  const std::string& Prepared(const std::string& sql, const std::vector<unsigned>& types);

 private:
  pg::Connection& conn_;
  uint64_t generation_;  // conn_'s when prepared_ was filled
  std::unordered_map<const char*, std::unique_ptr<PostgresStatement>> statements_;
  std::unordered_map<std::string, std::string> prepared_;  // sql + types -> name
};

}  // namespace skillpath::db
