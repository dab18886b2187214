#pragma once
// Connection is one database connection of either backend, as the writer and
// the read pool use it (issue #16): a statement cache for the stores, the
// few statements that frame a transaction, and a way back after the
// connection was lost. db/sqlite and db/postgres implement it; db/open.h
// picks one by the database's address. Not thread-safe: one thread at a
// time, like the stores on it.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class Connection {
 public:
  Connection() = default;
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;
  // A statement cache on this connection, for one Stores (the connection
  // must outlive it).
  virtual std::unique_ptr<Statements> NewStatements() = 0;
  // Runs one statement without parameters or rows (SAVEPOINT, COMMIT, ...);
  // throws SqlError.
  virtual void Execute(const char* sql) = 0;
  // Begins the writer's transaction. SQLite takes its write lock at once
  // (BEGIN IMMEDIATE), so a busy database fails here and not halfway.
  virtual void BeginWrite() = 0;
  // OK while the connection is usable. One that was lost (a restarted or
  // failed-over PostgreSQL) is connected again, through every host of its
  // address; UNAVAILABLE while that fails. Statements prepared before are
  // prepared again as they are next used.
  virtual absl::Status Restore() = 0;
};

// Opens a new connection, for a pool that grows as it is used.
using Connector = std::function<absl::StatusOr<std::unique_ptr<Connection>>()>;

}  // namespace skillpath::db
