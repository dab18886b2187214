#pragma once
// ReadPool: read-only connections to the database for concurrent readers.
// Readers never wait for the writer (SQLite's WAL mode, PostgreSQL's
// snapshots); each call borrows one connection (with its store and cached
// statements), grows the pool up to `max_connections`, and waits only when
// all are busy. A connection that was lost is restored when it is next
// borrowed; while that fails, calls fail UNAVAILABLE.
//
// Thread-safety: With() may be called from any thread.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/ports/repository.h"
#include "db/sql/connection.h"

namespace skillpath::db {

class ReadPool {
 public:
  // Opens one connection at once, so a bad address fails at start.
  static absl::StatusOr<std::unique_ptr<ReadPool>> Open(Connector connect, size_t max_connections = 8);
  ~ReadPool();

  // Runs `fn` with the repositories of a free connection.
  absl::Status With(const std::function<absl::Status(core::Repositories&)>& fn);

 private:
  struct Slot;
  ReadPool(Connector connect, size_t max_connections);

  const Connector connect_;
  const size_t max_connections_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Slot>> idle_;
  size_t open_ = 0;
};

}  // namespace skillpath::db
