#include "db/read_pool.h"

#include "db/store/stores.h"

namespace skillpath::db {

struct ReadPool::Slot {
  std::unique_ptr<Connection> db;
  std::unique_ptr<Stores> store;
};

ReadPool::ReadPool(Connector connect, size_t max_connections)
    : connect_(std::move(connect)), max_connections_(max_connections) {}

ReadPool::~ReadPool() = default;

absl::StatusOr<std::unique_ptr<ReadPool>> ReadPool::Open(Connector connect, size_t max_connections) {
  std::unique_ptr<ReadPool> pool(new ReadPool(std::move(connect), max_connections));
  absl::Status first = pool->With([](core::Repositories&) { return absl::OkStatus(); });
  if (!first.ok()) return first;
  return pool;
}

absl::Status ReadPool::With(const std::function<absl::Status(core::Repositories&)>& fn) {
  std::unique_ptr<Slot> slot;
  {
    std::unique_lock<std::mutex> lock(mu_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      slot = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (!slot) {
    auto db = connect_();
    if (!db.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
      freed_.notify_one();
      return db.status();
    }
    slot = std::make_unique<Slot>();
    slot->db = std::move(*db);
    slot->store = std::make_unique<Stores>(slot->db->NewStatements());
  }
  absl::Status s = slot->db->Restore();
  if (s.ok()) {
    core::Repositories repos = slot->store->repositories();
    s = Guard([&]() -> absl::Status { return fn(repos); });
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(slot));
  }
  freed_.notify_one();
  return s;
}

}  // namespace skillpath::db
