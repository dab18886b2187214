#include "db/read_pool.h"

#include <SQLiteCpp/Database.h>

#include "db/sqlite/database.h"
#include "db/sqlite/statements.h"
#include "db/store/stores.h"

namespace skillpath::db {

struct ReadPool::Connection {
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<Stores> store;
};

ReadPool::ReadPool(std::string path, size_t max_connections)
    : path_(std::move(path)), max_connections_(max_connections) {}

ReadPool::~ReadPool() = default;

absl::StatusOr<std::unique_ptr<ReadPool>> ReadPool::Open(const std::string& path, size_t max_connections) {
  std::unique_ptr<ReadPool> pool(new ReadPool(path, max_connections));
  // Open one connection now so a bad path fails at start, not on a request.
  absl::Status first = pool->With([](core::Repositories&) { return absl::OkStatus(); });
  if (!first.ok()) return first;
  return pool;
}

absl::Status ReadPool::With(const std::function<absl::Status(core::Repositories&)>& fn) {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock<std::mutex> lock(mu_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (!conn) {
    auto db = OpenDatabase(path_, OpenMode::kReadOnly);
    if (!db.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
      freed_.notify_one();
      return db.status();
    }
    conn = std::make_unique<Connection>();
    conn->db = std::move(*db);
    conn->store = std::make_unique<Stores>(std::make_unique<SqliteStatements>(*conn->db));
  }
  core::Repositories repos = conn->store->repositories();
  absl::Status s = SqliteGuard([&]() -> absl::Status { return fn(repos); });
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(conn));
  }
  freed_.notify_one();
  return s;
}

}  // namespace skillpath::db
