#include "db/postgres/postgres_connection.h"

#include "db/postgres/statements.h"

namespace skillpath::db {

absl::StatusOr<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const std::string& uri, Use use) {
  absl::StatusOr<std::unique_ptr<pg::Connection>> conn = pg::Connection::Open(uri);
  if (!conn.ok()) return conn.status();
  std::unique_ptr<PostgresConnection> out(new PostgresConnection(std::move(*conn), use));
  if (absl::Status s = out->SetUp(); !s.ok()) return s;
  return out;
}

absl::Status PostgresConnection::SetUp() {
  return conn_->ExecScript(use_ == Use::kWrite ? "SET synchronous_commit = on"
                                               : "SET default_transaction_read_only = on");
}

std::unique_ptr<Statements> PostgresConnection::NewStatements() {
  return std::make_unique<PostgresStatements>(*conn_);
}

void PostgresConnection::Execute(const char* sql) {
  if (absl::Status s = conn_->ExecScript(sql); !s.ok()) throw SqlError(std::move(s));
}

absl::Status PostgresConnection::Restore() {
  if (conn_->Healthy()) return absl::OkStatus();
  if (absl::Status s = conn_->Reset(); !s.ok()) return s;
  return SetUp();
}

}  // namespace skillpath::db
