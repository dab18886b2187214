#pragma once
// AuditTrail: the audit events recorded outside a write's own transaction
// (reads of others' data, refused and failed calls), written in batches
// through the writer; Call (api/call/call.h) records into it.

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "core/model/auth.h"
#include "db/writer.h"

namespace skillpath::services {

// Audit events that are not part of a write's transaction (reads, refused
// and failed calls), appended in batches through the writer: recording one
// never waits for the disk.
//
// It fails closed (issue #10, item 7). A batch that cannot be written (disk
// full, read-only database) is kept in memory and retried with backoff until
// it is; meanwhile Accepting() is false, and Call refuses with UNAVAILABLE
// every read it would have to audit, so at most the reads answered before
// the first failure wait in memory, and none goes unrecorded. The backlog is
// bounded (Options::max_pending: beyond it reads are refused as well, and
// events past twice that are written to the server log instead, each one, as
// the last resort). Close() writes what is left (or logs it).
//
// Refusals are aggregated: the first of a kind (same token, person, method,
// subject and outcome) is recorded at once; its repeats within the window
// become one event with their count, recorded when the window ends (or at
// Close), so a client retrying a refused call cannot grow the log per call.
//
// Thread-safety: every method may be called from any thread; Flush and
// Close not from the writer thread.
class AuditTrail {
 public:
  struct Options {
    size_t max_pending = 100000;  // ~200 bytes each: about 20 MB at most
    std::chrono::milliseconds refusal_window{60000};
    std::chrono::milliseconds max_backoff{5000};
  };
  AuditTrail(db::Writer& writer, std::function<core::Time()> now, Options options);
  AuditTrail(db::Writer& writer, std::function<core::Time()> now) : AuditTrail(writer, std::move(now), Options()) {}
  ~AuditTrail();
  void Record(core::AuditEvent event);
  void Record(std::vector<core::AuditEvent> events);
  // A refused call (aggregated, see above).
  void RecordRefusal(core::AuditEvent event);
  // Whether reads that must be audited may be answered: the last write of
  // audit events succeeded and the backlog is under its bound.
  bool Accepting() const { return !failing_ && backlog_ < options_.max_pending; }
  // Waits until everything recorded so far (open refusal windows included)
  // is written; its status.
  absl::Status Flush();
  // Flushes, stops the timers (before the writer stops) and logs, one by
  // one, any event that could still not be written. Idempotent.
  void Close();

 private:
  struct Window {
    core::AuditEvent repeats;  // count = how many since the first
    core::Time opened = 0;
  };
  void ScheduleLocked();
  void Submit();
  void OnWritten(const std::shared_ptr<std::vector<core::AuditEvent>>& batch, const absl::Status& status);
  // Moves the repeats of windows opened before `cutoff` to pending_.
  void CloseWindowsLocked(core::Time cutoff);
  void ArmSweep();

  db::Writer& writer_;
  std::function<core::Time()> now_;
  const Options options_;
  mutable std::mutex mu_;
  std::vector<core::AuditEvent> pending_;
  std::unordered_map<std::string, Window> windows_;
  bool scheduled_ = false;
  bool closed_ = false;
  std::atomic<bool> failing_{false};
  std::atomic<size_t> backlog_{0};  // pending_ plus batches being written
  std::chrono::milliseconds backoff_{0};
  std::unique_ptr<boost::asio::steady_timer> retry_;  // on the writer's thread
  std::unique_ptr<boost::asio::steady_timer> sweep_;
};

}  // namespace skillpath::services
