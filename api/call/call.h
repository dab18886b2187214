#pragma once
// The single check every call goes through (issue #5): authenticate the
// bearer token, decide by the policy in core/access/access.h, and keep the audit
// log — one record per write (inside the write's own transaction) and per
// read of a person's data by anyone but that person.
//
// A handler starts with
//   auto call = Call::Start(ctx_, ctx, kMethod, SubjectOfPerson(ctx_, id));
//   if (!call.ok()) return FinishWith(ctx, call.status());
// and ends with (*call)->Read(...), (*call)->Write(...) or (*call)->Finish(...).

#include <grpcpp/grpcpp.h>

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <functional>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "api/call/handler.h"
#include "api/call/metrics.h"
#include "auth/tokens.h"
#include "core/access/access.h"
#include "core/model/auth.h"
#include "db/read_pool.h"
#include "db/writer.h"

namespace skillpath::services {

// Token records (and their person's units and active flag) cached for
// `ttl`, so a call costs a hash and a map lookup, not a query. Revocation
// through AuthService and changes to the person through OrgService take
// effect at once (Forget, ForgetPerson); `skillpathd token revoke` on the
// database file within `ttl`. A person set inactive cannot use their tokens.
class TokenCache {
 public:
  TokenCache(db::ReadPool& reads, std::chrono::milliseconds ttl);

  // The caller of `ctx` (its `authorization` metadata); UNAUTHENTICATED if
  // the token is missing or not valid now.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx, core::Time now);
  void Forget(const std::string& token_id);
  // Drops the tokens of this person (their units or active flag changed).
  void ForgetPerson(const std::string& person_id);

 private:
  struct Entry {
    std::optional<core::TokenRecord> record;
    std::vector<std::string> manages;
    bool person_inactive = false;
    std::chrono::steady_clock::time_point fetched;
  };
  absl::StatusOr<std::shared_ptr<const Entry>> Lookup(const std::string& id);

  db::ReadPool& reads_;
  const std::chrono::milliseconds ttl_;
  // Each thread keeps the tokens it verified last (with their secrets, so a
  // repeat costs a constant-time compare instead of a hash); Forget and
  // ForgetPerson move the generation on, which empties those at once.
  const uint64_t serial_;  // tells this cache's thread-local entries from another server's
  std::atomic<uint64_t> generation_{0};
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

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

// What a call is about: nothing in particular, one person (their unit is
// looked up in the call's snapshot of the read index; an unknown person has
// none, which no scoped caller may reach), one unit, or something only
// known later (a plan, once loaded). `action` is what the policy may limit
// (an assessment source, a plan status).
struct About {
  enum class Kind { kNothing, kPerson, kUnit, kLater };
  Kind kind = Kind::kNothing;
  std::string id;
  std::string action;

  static About Nothing() { return {}; }
  static About Person(std::string id, std::string action = "") {
    return {Kind::kPerson, std::move(id), std::move(action)};
  }
  static About Unit(std::string id) { return {Kind::kUnit, std::move(id), ""}; }
  static About Later() { return {Kind::kLater, "", ""}; }
};

class Call : public std::enable_shared_from_this<Call> {
 public:
  // Authenticates the call and decides for what it is about; for
  // About::Later() the handler must call Allow() before touching data.
  // Refusals are audited.
  static absl::StatusOr<std::shared_ptr<Call>> Start(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                     const char* method, const About& about);

  absl::Status Allow(const About& about);

  // The read index as of the start of the call (one load per call).
  const std::shared_ptr<const core::IndexSnapshot>& snapshot() const { return snapshot_; }

  const Principal& who() const { return who_; }
  bool sees_people() const { return core::SeesPeople(who_.grant); }
  // An audit event of this call about `subject` with `outcome`.
  core::AuditEvent Event(const std::string& subject, const std::string& outcome) const;
  // Records reads of these people's data (the caller's own are not recorded).
  void AuditReads(const std::vector<std::string>& person_ids, const absl::Status& outcome);

  // Finishes a call computed inline; a read of another person's data is
  // audited with its outcome.
  grpc::ServerUnaryReactor* Finish(const absl::Status& status);
  // For a call finished later from another thread: the reactor to return
  // from the handler now, and Complete(status) to finish it (as Finish does:
  // measured, audited, refused when it cannot be audited).
  grpc::ServerUnaryReactor* Defer();
  void Complete(const absl::Status& status);
  // Serves a read on a pooled connection, then Finish.
  grpc::ServerUnaryReactor* Read(const std::function<absl::Status(core::Repositories&)>& fn);
  // Serves a write through the writer: the audit record is appended in the
  // same transaction, so the write and its record commit together; a failed
  // write is audited with its error.
  // `after` (optional) sees the final status on the writer thread, after
  // the commit.
  grpc::ServerUnaryReactor* Write(std::function<absl::Status(core::Repositories&)> job,
                                  std::function<void(const absl::Status&)> after = nullptr);
  // Counts the call's outcome and time in the metrics (Finish and Write do).
  void Measure(const absl::Status& status) const;
  // For a write job that appends its own audit record (erasure).
  void AuditedByJob() { audited_by_job_ = true; }

  // Only Start makes calls (the key keeps the constructor to it while
  // letting make_shared allocate object and count together).
  class Key {
    Key() = default;
    friend class Call;
  };
  Call(Key, ServiceContext& services, grpc::CallbackServerContext* ctx, const char* method, Principal who,
       std::shared_ptr<const core::IndexSnapshot> snapshot)
      : services_(services), ctx_(ctx), method_(method), who_(std::move(who)), snapshot_(std::move(snapshot)) {}

 private:

  ServiceContext& services_;
  grpc::CallbackServerContext* ctx_;
  const char* method_;  // a string literal
  Principal who_;
  std::shared_ptr<const core::IndexSnapshot> snapshot_;
  std::string subject_;  // the person the call is about, once allowed
  bool refused_ = false;  // Allow() said no (and audited it)
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool audited_by_job_ = false;
  bool unaudited_ = false;  // a read that could not be audited: Finish refuses it
  grpc::ServerUnaryReactor* deferred_ = nullptr;  // Defer()'s reactor
  // What a finished call answers, after measuring and auditing it.
  absl::Status Final(const absl::Status& status);
};

// "OK", or the status code's name and message, as the audit log keeps it.
std::string Outcome(const absl::Status& status);

}  // namespace skillpath::services
