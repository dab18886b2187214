#pragma once
// Which backend a database address names, and opening it (issue #16): a
// libpq connection URI (postgresql://user@host1,host2/db?
// target_session_attrs=read-write) is PostgreSQL, anything else an SQLite
// file path, as before. The writer's connection is migrated as it opens:
// each dialect's numbered migrations, all that are missing in one
// transaction.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "db/sql/connection.h"

namespace skillpath::db {

bool IsPostgresAddress(absl::string_view address);

// The connection for the writer: read-write, SQLite with its pragmas
// (WAL, synchronous=FULL), PostgreSQL with synchronous_commit=on; the
// schema migrated.
absl::StatusOr<std::unique_ptr<Connection>> OpenForWriting(const std::string& address);

// Opens read-only connections for the read pool.
Connector ReadConnector(const std::string& address);

// The address for a log line, any password hidden, with what the backend
// guarantees of an acknowledged write.
std::string Describe(const std::string& address);

}  // namespace skillpath::db
