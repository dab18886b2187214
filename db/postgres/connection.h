#pragma once
// One connection to PostgreSQL through libpq (issue #16), for the
// PostgreSQL backend's stores and its migrations. The address is a libpq
// connection URI ("postgresql://user@host1,host2/db?target_session_attrs=
// read-write"), so multi-host failover is libpq's. Every failure is an
// absl::Status: a lost or refused connection UNAVAILABLE, a serialization
// failure or deadlock ABORTED (try again), any constraint violation
// FAILED_PRECONDITION (as SQLite's constraint errors); the SQLSTATE and the
// server's message are in the text. Not thread-safe: one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct pg_conn;
struct pg_result;

namespace skillpath::db::pg {

// Whether `address` is a PostgreSQL connection URI (postgresql:// or
// postgres://) rather than an SQLite file path.
bool IsPostgresUri(absl::string_view address);

// The address with any password (user:password@, or password= among the
// parameters) replaced by "***", for logs.
std::string Redacted(absl::string_view uri);

// A query's rows, as text (libpq's text format).
class Result {
 public:
  explicit Result(pg_result* result);
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const;
  int columns() const;
  std::string ColumnName(int column) const;
  // Whether `column` holds text (text, varchar, char or name).
  bool IsTextColumn(int column) const;
  bool IsNull(int row, int column) const;
  absl::string_view Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  // A BYTEA column's bytes (the text form decoded).
  std::string Bytes(int row, int column) const;
  double Double(int row, int column) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t Affected() const;

 private:
  pg_result* result_;
};

// A parameter: text, bytes (for a BYTEA column: sent as binary, so a NUL
// byte is data), or NULL (std::nullopt).
struct Param {
  Param(std::nullopt_t) {}  // NOLINT: implicit, as a NULL in a parameter list
  Param(std::string text) : value(std::move(text)) {}  // NOLINT
  Param(const char* text) : value(text) {}  // NOLINT
  static Param Bytes(std::string bytes) {
    Param p(std::move(bytes));
    p.binary = true;
    return p;
  }
  std::optional<std::string> value;
  bool binary = false;
};

class Connection {
 public:
  // Connects to `uri`; UNAVAILABLE (with libpq's reason) if it cannot.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& uri);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement with $1, $2, ... bound to `params`.
  absl::StatusOr<Result> Exec(absl::string_view sql, const std::vector<Param>& params = {});
  // A named prepared statement: `sql` with $1, $2, ... of the given types
  // (type OIDs; 0 lets the server infer one), kept for the connection's
  // life; then run by name with ExecPrepared.
  absl::Status Prepare(const std::string& name, const std::string& sql, const std::vector<unsigned>& types);
  absl::StatusOr<Result> ExecPrepared(const std::string& name, const std::vector<Param>& params);
  // Several statements separated by ';', no parameters (a migration).
  absl::Status ExecScript(absl::string_view sql);

  // Sends a prepared statement without waiting for its result (libpq's
  // pipeline mode): for a write whose result matters only if it failed.
  // Sync reads the results of what was sent and returns the first failure
  // (the statements after it were skipped); every other call here syncs
  // first, so a failure is never lost, only reported by the next call.
  absl::Status SendPrepared(const std::string& name, const std::vector<Param>& params);
  absl::Status Sync();
  size_t pending() const { return pending_; }
  // Whether the connection is still usable (not lost).
  bool Healthy() const;
  // For a connection that LISTENs: waits up to `timeout_ms` for the server
  // to send something, then takes the notifications that arrived; how many
  // (0 on a timeout). UNAVAILABLE when the connection is lost.
  absl::StatusOr<int> AwaitNotifications(int timeout_ms);
  // Connects again with the same address (every host of it, in order, so a
  // promoted standby is found); UNAVAILABLE if no host answers. Prepared
  // statements and session settings are gone after it: generation() counts
  // the connections made, for caches that must start again.
  absl::Status Reset();
  uint64_t generation() const { return generation_; }
  // A name for a new prepared statement, unique on this connection (several
  // statement caches may share it).
  std::string NewStatementName() { return "s" + std::to_string(statements_named_++); }
  // The server's version number (150004 for 15.4).
  int ServerVersion() const;

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
  uint64_t generation_ = 0;
  uint64_t statements_named_ = 0;
  size_t pending_ = 0;  // sent by SendPrepared, results not read yet
};

// The status for a failed `result` (nullptr: the connection's error).
absl::Status StatusOf(const pg_conn* conn, const pg_result* result);

}  // namespace skillpath::db::pg
