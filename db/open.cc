#include "db/open.h"

#include "absl/strings/str_cat.h"
#include "db/postgres/connection.h"
#include "db/postgres/migrations.h"
#include "db/postgres/postgres_connection.h"
#include "db/sqlite/database.h"
#include "db/sqlite/sqlite_connection.h"

namespace skillpath::db {

bool IsPostgresAddress(absl::string_view address) { return pg::IsPostgresUri(address); }

absl::StatusOr<std::unique_ptr<Connection>> OpenForWriting(const std::string& address) {
  if (IsPostgresAddress(address)) {
    auto conn = PostgresConnection::Open(address, PostgresConnection::Use::kWrite);
    if (!conn.ok()) return conn.status();
    if (absl::Status s = pg::Migrate((*conn)->connection()); !s.ok()) return s;
    return std::unique_ptr<Connection>(std::move(*conn));
  }
  auto conn = SqliteConnection::Open(address, OpenMode::kReadWrite);
  if (!conn.ok()) return conn.status();
  if (absl::Status s = Migrate((*conn)->database()); !s.ok()) return s;
  return std::unique_ptr<Connection>(std::move(*conn));
}

Connector ReadConnector(const std::string& address) {
  return [address]() -> absl::StatusOr<std::unique_ptr<Connection>> {
    if (IsPostgresAddress(address)) {
      auto conn = PostgresConnection::Open(address, PostgresConnection::Use::kRead);
      if (!conn.ok()) return conn.status();
      return std::unique_ptr<Connection>(std::move(*conn));
    }
    auto conn = SqliteConnection::Open(address, OpenMode::kReadOnly);
    if (!conn.ok()) return conn.status();
    return std::unique_ptr<Connection>(std::move(*conn));
  };
}

std::string Describe(const std::string& address) {
  if (IsPostgresAddress(address)) {
    return absl::StrCat("PostgreSQL ", pg::Redacted(address), " (schema migrated, synchronous_commit=on)");
  }
  return absl::StrCat(address, " (schema migrated, WAL, synchronous=FULL)");
}

}  // namespace skillpath::db
