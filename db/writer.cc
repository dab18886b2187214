#include "db/writer.h"

#include <boost/asio/post.hpp>
#include <future>

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"
#include "db/sql/connection.h"
#include "db/store/stores.h"

namespace skillpath::db {

Writer::Writer(std::unique_ptr<Connection> db, size_t max_batch)
    : db_(std::move(db)),
      store_(std::make_unique<Stores>(db_->NewStatements())),
      max_batch_(max_batch),
      work_(boost::asio::make_work_guard(io_)) {
  thread_ = std::thread([this] { io_.run(); });
}

Writer::~Writer() { Stop(); }

void Writer::Submit(Job job, Done done) { Enqueue({std::move(job), std::move(done), false}); }

void Writer::SubmitAlone(Job job, Done done) { Enqueue({std::move(job), std::move(done), true}); }

void Writer::Enqueue(Pending pending) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(pending));
      if (!drain_posted_) {
        drain_posted_ = true;
        boost::asio::post(io_, [this] { Drain(); });
      }
      return;
    }
  }
  pending.done(absl::UnavailableError("the server is shutting down"));
}

void Writer::Post(std::function<void(Stores*)> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
  }
  boost::asio::post(io_, [this, fn = std::move(fn)] { fn(db_->Restore().ok() ? store_.get() : nullptr); });
}

absl::Status Writer::RunAndWait(Job job) {
  std::promise<absl::Status> result;
  Submit(std::move(job), [&result](absl::Status s) { result.set_value(std::move(s)); });
  return result.get_future().get();
}

void Writer::Drain() {
  // Everything queued while the previous batch committed goes into this one.
  std::vector<Pending> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Up to max_batch_ jobs, ending before a job that runs alone (or with
    // it, when it comes first).
    size_t take = 0;
    while (take < queue_.size() && take < max_batch_) {
      if (queue_[take].alone) {
        if (take == 0) take = 1;
        break;
      }
      ++take;
    }
    if (take == queue_.size()) {
      batch.swap(queue_);
    } else {
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(take)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    }
  }
  if (!batch.empty()) RunBatch(batch);
  std::lock_guard<std::mutex> lock(mu_);
  if (queue_.empty()) {
    drain_posted_ = false;
  } else {
    boost::asio::post(io_, [this] { Drain(); });
  }
}

void Writer::RunBatch(std::vector<Pending>& batch) {
  std::vector<absl::Status> results(batch.size());
  core::ChangeSet changes;
  absl::Status txn = db_->Restore();
  if (txn.ok()) {
    txn = Guard([&]() -> absl::Status {
      db_->BeginWrite();
      core::Repositories repos = store_->repositories();
      for (size_t i = 0; i < batch.size(); ++i) {
        db_->Execute("SAVEPOINT job");
        core::ChangeSet job_changes;
        store_->set_recorder(&job_changes);
        absl::Status s = Guard([&]() -> absl::Status {
          RETURN_IF_ERROR(batch[i].job(repos));
          store_->statements().Finish();  // a write the job sent and did not wait for is its own
          return absl::OkStatus();
        });
        store_->set_recorder(nullptr);
        if (s.ok()) {
          db_->Execute("RELEASE job");
          changes.Merge(std::move(job_changes));  // only what survives the job
        } else {
          // What the failed job sent is read first (its failures are its own).
          Guard([&] {
            store_->statements().Finish();
            return absl::OkStatus();
          }).IgnoreError();
          db_->Execute("ROLLBACK TO job");
          db_->Execute("RELEASE job");
        }
        results[i] = std::move(s);
      }
      if (prepare_hook_ && !changes.empty()) RETURN_IF_ERROR(prepare_hook_(changes, *store_));
      db_->Execute("COMMIT");
      return absl::OkStatus();
    });
  }
  store_->set_recorder(nullptr);
  if (txn.ok() && commit_hook_ && !changes.empty()) commit_hook_(changes, *store_);
  if (!txn.ok()) {
    // Nothing of this batch is durable: every job fails, none is acknowledged.
    Guard([&] {
      db_->Execute("ROLLBACK");
      return absl::OkStatus();
    }).IgnoreError();
    for (absl::Status& s : results) {
      if (s.ok()) s = absl::Status(txn.code(), absl::StrCat("write not committed: ", txn.message()));
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.jobs += batch.size();
    stats_.transactions += 1;
    stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, batch.size());
    size_t bucket = 0;
    while (bucket + 1 < WriterStats::kBatchBuckets && (size_t{1} << bucket) < batch.size()) ++bucket;
    stats_.batch_sizes[bucket] += 1;
    for (const absl::Status& s : results) stats_.failed_jobs += s.ok() ? 0 : 1;
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

void Writer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  // Jobs already queued still run: the posted Drain() handlers are ahead of
  // the work guard's release.
  work_.reset();
  if (thread_.joinable()) thread_.join();
  store_.reset();
  db_.reset();
}

WriterStats Writer::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

size_t Writer::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace skillpath::db
