#pragma once
// The PostgreSQL side of db/sql's Connection (issue #16): a pg::Connection
// with the session settings of its use. The writer's commits wait for the
// server's WAL flush (synchronous_commit=on, whatever the server's default),
// so an acknowledged write survives a crash of PostgreSQL; a reader's
// transactions are read-only. After a lost connection Restore connects
// again and sets them again.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "db/postgres/connection.h"
#include "db/sql/connection.h"

namespace skillpath::db {

class PostgresConnection final : public Connection {
 public:
  enum class Use { kWrite, kRead };
  // Connects to `uri` (a libpq connection URI) for `use`.
  static absl::StatusOr<std::unique_ptr<PostgresConnection>> Open(const std::string& uri, Use use);

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::unique_ptr<Statements> NewStatements() override;
  void Execute(const char* sql) override;
  void BeginWrite() override { Execute("BEGIN"); }
  absl::Status Restore() override;

  pg::Connection& connection() { return *conn_; }

 private:
  PostgresConnection(std::unique_ptr<pg::Connection> conn, Use use) : conn_(std::move(conn)), use_(use) {}
  absl::Status SetUp();

  std::unique_ptr<pg::Connection> conn_;
  const Use use_;
};

}  // namespace skillpath::db
