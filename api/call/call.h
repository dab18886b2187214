#pragma once
// The single check every call goes through (issue #5): authenticate the
// bearer token, decide by the policy in core/access/access.h, and keep the audit
// log — one record per write (inside the write's own transaction) and per
// read of a person's data by anyone but that person.
//
// A handler (its ServiceContext in `services_`, the gRPC context in `ctx`)
// starts with
//   auto call = Call::Start(services_, ctx, kMethod, About::Person(id));
//   if (!call.ok()) return FinishWith(ctx, call.status());
// and ends with (*call)->Read(...), (*call)->Write(...) or (*call)->Finish(...).

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "api/call/handler.h"
#include "auth/tokens.h"
#include "core/access/access.h"
#include "core/model/auth.h"

namespace skillpath::services {

// What a call is about, as the handler knows it when the call starts:
// nothing in particular, one person (by id), one unit, or something only
// known later (a plan, once loaded). `action` is what the policy may limit
// (an assessment source, a plan status).
//
// About is not core::Subject (core/access/access.h), which core::Decide
// takes: a Subject also carries the person's unit, and that must come from
// the same snapshot of the read index the call goes on to read, which only
// Call has. Call::Allow resolves one into the other (Resolve below); an
// unknown person gets no unit, which no scoped caller may reach. Later has
// no Subject at all: it tells Call::Start not to decide yet.
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

  // The subject core::Decide rules on: a person's unit looked up in
  // `snapshot`.
  core::Subject Resolve(const core::IndexSnapshot& snapshot) const;
};

// The one method a calendar feed's secret (core::TokenKind::kCalendarFeed) may call.
inline constexpr std::string_view kCalendarFeedMethod = "skillpath.v1.PlanService/GetCalendarFeed";

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
  std::string subject_;   // the person the call is about, once allowed
  bool refused_ = false;  // Allow() said no (and audited it)
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool audited_by_job_ = false;
  bool unaudited_ = false;                        // a read that could not be audited: Finish refuses it
  grpc::ServerUnaryReactor* deferred_ = nullptr;  // Defer()'s reactor
  // What a finished call answers, after measuring and auditing it.
  absl::Status Final(const absl::Status& status);
};

// "OK", or the status code's name and message, as the audit log keeps it.
std::string Outcome(const absl::Status& status);

}  // namespace skillpath::services
