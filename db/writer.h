#pragma once
// Writer: the single owner of the write connection (SQLite or PostgreSQL). Every write of the
// server is a job submitted here; a dedicated Boost.Asio io_context thread
// runs them. Jobs queued behind one another share one transaction (group
// commit: one fsync for many acknowledged writes), each inside its own
// savepoint so a failing job rolls back alone. A job's completion runs on the
// writer thread after its transaction has committed (or failed), so a caller
// acknowledges a write only once it is durable.
//
// Thread-safety: Submit may be called from any thread. Completions run on
// the writer thread and must not block.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "core/model/changes.h"
#include "core/ports/repository.h"

namespace skillpath::db {

class Connection;
class Stores;

struct WriterStats {
  uint64_t jobs = 0;
  uint64_t transactions = 0;
  uint64_t failed_jobs = 0;
  uint64_t largest_batch = 0;
  // Transactions by jobs in them: batch_sizes[i] counts batches of at most
  // 2^i jobs (and more than 2^(i-1)); the last bucket holds the rest.
  static constexpr size_t kBatchBuckets = 12;  // 1, 2, 4, ..., 1024, more
  std::array<uint64_t, kBatchBuckets> batch_sizes{};
};

class Writer {
 public:
  // A unit of work; its writes are undone if it returns an error.
  using Job = std::function<absl::Status(core::Repositories&)>;
  using Done = std::function<void(absl::Status)>;

  // Takes ownership of the write connection (already migrated).
  // `max_batch` caps the jobs in one transaction. A lost connection
  // (PostgreSQL restarted or failed over) is restored before the next
  // batch; the jobs of a batch that cannot reach the database fail
  // UNAVAILABLE.
  explicit Writer(std::unique_ptr<Connection> db, size_t max_batch = 1024);
  ~Writer();  // Stop()s.
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues `job`; `done` gets its final status once committed or failed.
  // After Stop(), `done` is called at once with UNAVAILABLE.
  void Submit(Job job, Done done);
  // Like Submit, but `job` runs alone in its transaction: the commit hook
  // has seen every earlier commit and no other job's writes precede it, so
  // state derived from the hook (the read index) is exactly the database's
  // as the job starts. For large jobs (an import batch), whose one fsync
  // costs little beside their work.
  void SubmitAlone(Job job, Done done);

  // Called on the writer thread after each committed transaction with the
  // changes of the jobs that succeeded in it, before any of them is
  // acknowledged; `store` is the writer's (reads see the committed state).
  // Set before the first Submit.
  using CommitHook = std::function<void(const core::ChangeSet&, Stores& store)>;
  void SetCommitHook(CommitHook hook) { commit_hook_ = std::move(hook); }
  // Called on the writer thread inside each batch's transaction, after its
  // jobs and before COMMIT, with the changes of the jobs that succeeded (when
  // there are any); its failure fails the whole batch. A replica's change
  // log entry is written so (db/replication). Set before the first Submit.
  using PrepareHook = std::function<absl::Status(const core::ChangeSet&, Stores& store)>;
  void SetPrepareHook(PrepareHook hook) { prepare_hook_ = std::move(hook); }

  // Runs `fn` on the writer thread between batches, outside any
  // transaction, with the writer's store once a lost connection is restored
  // (nullptr while it cannot be): a replica's catch-up. Not after Stop().
  void Post(std::function<void(Stores*)> fn);

  // Runs `job` and waits for its commit. For start-up and tools, never from
  // a gRPC thread or from the writer thread itself.
  absl::Status RunAndWait(Job job);

  // Finishes the queued jobs, then stops the thread and closes the
  // connection. Idempotent.
  void Stop();

  WriterStats stats() const;
  size_t queue_depth() const;

  // The writer's io_context: periodic jobs that write (retention, WAL
  // checkpoints) are scheduled on it so they never race the batches.
  boost::asio::io_context& context() { return io_; }

 private:
  struct Pending {
    Job job;
    Done done;
    bool alone = false;
  };
  void Enqueue(Pending pending);
  void Drain();
  void RunBatch(std::vector<Pending>& batch);

  std::unique_ptr<Connection> db_;
  std::unique_ptr<Stores> store_;
  const size_t max_batch_;
  CommitHook commit_hook_;
  PrepareHook prepare_hook_;

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;

  // Guards what callers of Submit, stats() and queue_depth() share with the
  // writer's thread. (std::mutex is no capability type for clang's
  // -Wthread-safety; the annotations say the rule to the reader.)
  mutable std::mutex mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool drain_posted_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  WriterStats stats_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace skillpath::db
