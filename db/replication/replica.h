#pragma once
// One of several skillpathd replicas on one PostgreSQL database (issue #16).
// Each keeps its own read index and caches; Replica keeps them current:
//
// - its writer's batches append their changes to the change log in their
//   own transaction (change_log.h), and are applied at once after the
//   commit, so a replica reads its own writes;
// - the other replicas' entries are applied in sequence order after the
//   last one seen, on the writer's thread: woken by their NOTIFY on a
//   listening connection of its own, and every poll interval regardless, so
//   a missed notification, a lost connection or a restart delays an entry
//   but never loses it.
//
// Current() says whether the replica may serve: its last catch-up is recent
// (it reaches the database and is not behind).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/model/changes.h"
#include "core/model/types.h"
#include "db/sql/connection.h"
#include "db/store/stores.h"
#include "db/writer.h"

namespace skillpath::db {

class Replica {
 public:
  // Brings the read index and the caches up to date with one batch's
  // changes; runs on the writer thread with the writer's store. `own`: the
  // batch is this replica's (whose callers saw to its caches themselves).
  using Apply = std::function<void(const core::ChangeSet&, Stores&, bool own)>;

  struct Options {
    std::string origin;  // this replica's name in the change log
    std::chrono::milliseconds poll{1000};
    std::function<core::Time()> now;
  };

  // `load` builds the read index from `store`; it runs inside one
  // repeatable-read snapshot with reading the change log's newest sequence,
  // so the index is exactly the log up to that sequence. Returns the
  // sequence.
  static absl::StatusOr<int64_t> LoadConsistently(Connection& conn, Stores& store,
                                                  const std::function<absl::Status()>& load);

  // Applies entries after `loaded` (LoadConsistently's) through `writer`,
  // listening on `uri`. Installs the writer's prepare and commit hooks:
  // construct before the writer's first Submit.
  Replica(Writer& writer, std::string uri, int64_t loaded, Options options, Apply apply);
  ~Replica();  // Stop()s
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Stops listening (before the writer stops). Idempotent.
  void Stop();

  // Whether the last catch-up ended within `max_lag`: the database answers
  // and every entry older than that is applied.
  bool Current(std::chrono::milliseconds max_lag) const;
  // The last sequence applied in order.
  int64_t applied() const { return applied_.load(); }

 private:
  // On the writer thread: applies the entries after applied_ (those before
  // `before` only, when it is not 0).
  absl::Status CatchUp(Stores& store, int64_t before);
  void Listen();

  Writer& writer_;
  const std::string uri_;
  const Options options_;
  const Apply apply_;

  // Writer thread only.
  int64_t own_seq_ = 0;               // the entry of the batch being committed
  std::set<int64_t> applied_ahead_;   // own entries applied before earlier ones

  std::atomic<int64_t> applied_;
  std::atomic<int64_t> caught_up_at_{0};  // steady clock, ms
  std::atomic<bool> stopping_{false};
  std::atomic<bool> catch_up_posted_{false};
  std::thread listener_;
};

}  // namespace skillpath::db
