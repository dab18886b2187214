#pragma once
// PostgreSQL's numbered schema migrations, compiled in from
// db/migrations/postgresql/NNNN_*.sql, and applying them. The table
// schema_migrations lists those applied; all that are missing are applied
// in one transaction under an advisory lock, so replicas starting together
// migrate once and a failure leaves the schema as it was.

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "db/postgres/connection.h"

namespace skillpath::db::pg {

struct Migration {
  int version;
  absl::string_view name;
  absl::string_view sql;
};

// In ascending version order, numbered 1..N without gaps.
const std::vector<Migration>& Migrations();

// The last migration applied to the database (0: none).
absl::StatusOr<int> SchemaVersion(Connection& db);

// Applies what is missing; FAILED_PRECONDITION if the database is at a
// version newer than this build knows.
absl::Status Migrate(Connection& db);

}  // namespace skillpath::db::pg
