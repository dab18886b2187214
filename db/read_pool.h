#pragma once
// ReadPool: read-only connections to the database for concurrent readers.
// In WAL mode readers never wait for the writer; each call borrows one
// connection (with its store and cached statements), grows the pool up to
// `max_connections`, and waits only when all are busy.
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

namespace skillpath::db {

class ReadPool {
 public:
  static absl::StatusOr<std::unique_ptr<ReadPool>> Open(const std::string& path, size_t max_connections = 8);
  ~ReadPool();

  // Runs `fn` with the repositories of a free connection.
  absl::Status With(const std::function<absl::Status(core::Repositories&)>& fn);

 private:
  struct Connection;
  ReadPool(std::string path, size_t max_connections);

  const std::string path_;
  const size_t max_connections_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
};

}  // namespace skillpath::db
