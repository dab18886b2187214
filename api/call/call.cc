#include "api/call/call.h"

#include "absl/strings/str_cat.h"
#include "api/call/metrics.h"
#include "auth/audit_trail.h"
#include "auth/token_cache.h"
#include "core/model/errors.h"

namespace skillpath::services {

std::string Outcome(const absl::Status& status) {
  if (status.ok()) return "OK";
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
}

absl::StatusOr<std::shared_ptr<Call>> Call::Start(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                  const char* method, const About& about) {
  auto who = services.tokens.Authenticate(*ctx, services.now());
  // A calendar feed's secret sits in a URL that calendar services keep and
  // sync: it opens the feed and nothing else.
  if (who.ok() && who->kind == core::TokenKind::kCalendarFeed &&
      std::string_view(method) != kCalendarFeedMethod) {
    who = absl::UnauthenticatedError("a calendar feed's secret opens its calendar only; send an API token");
  }
  if (!who.ok()) {
    services.metrics.Record(method, static_cast<int>(who.status().code()), std::chrono::nanoseconds(0));
    return who.status();
  }
  auto call = std::make_shared<Call>(Key(), services, ctx, method, std::move(*who), services.index.Current());
  if (about.kind != About::Kind::kLater) {
    if (absl::Status s = call->Allow(about); !s.ok()) {
      call->Measure(s);
      return s;
    }
  }
  return call;
}

core::Subject About::Resolve(const core::IndexSnapshot& snapshot) const {
  core::Subject subject;
  subject.action = action;
  if (kind == Kind::kPerson) {
    subject.person_id = id;
    if (auto p = snapshot.people.Find(id)) subject.unit_id = snapshot.units->units[snapshot.people.Get(*p)->unit].id;
  } else if (kind == Kind::kUnit) {
    subject.unit_id = id;
  }
  return subject;
}

absl::Status Call::Allow(const About& about) {
  const core::Subject subject = about.Resolve(*snapshot_);
  absl::Status decided = core::Decide(method_, who_, subject, *snapshot_->units);
  if (!decided.ok()) {
    refused_ = true;
    services_.audit.RecordRefusal(Event(subject.person_id, Outcome(decided)));
    return decided;
  }
  subject_ = subject.person_id;
  return absl::OkStatus();
}

core::AuditEvent Call::Event(const std::string& subject, const std::string& outcome) const {
  core::AuditEvent e;
  e.at = services_.now();
  e.actor_token = who_.token_id;
  e.actor_person = who_.person_id;
  e.method = method_;
  e.subject = subject;
  e.outcome = outcome;
  return e;
}

void Call::AuditReads(const std::vector<std::string>& person_ids, const absl::Status& outcome) {
  std::vector<core::AuditEvent> events;
  const std::string text = Outcome(outcome);
  for (const std::string& id : person_ids) {
    if (id != who_.person_id) events.push_back(Event(id, text));
  }
  if (events.empty()) return;
  if (!services_.audit.Accepting()) {
    unaudited_ = true;  // Finish refuses the answer instead
    return;
  }
  services_.audit.Record(std::move(events));
}

void Call::Measure(const absl::Status& status) const {
  // An answer computed after the call's deadline (or after the client went
  // away) reaches nobody: gRPC tells the client DEADLINE_EXCEEDED (or
  // CANCELLED), and so do the metrics.
  int code = static_cast<int>(status.code());
  if (status.ok() || status.code() == absl::StatusCode::kCancelled) {
    if (ctx_->deadline() < std::chrono::system_clock::now()) {
      code = static_cast<int>(absl::StatusCode::kDeadlineExceeded);
    } else if (ctx_->IsCancelled()) {
      code = static_cast<int>(absl::StatusCode::kCancelled);
    }
  }
  services_.metrics.Record(method_, code, std::chrono::steady_clock::now() - started_);
}

absl::Status Call::Final(const absl::Status& status) {
  const bool audited = !refused_ && !subject_.empty() && subject_ != who_.person_id;
  if (unaudited_ || (audited && !services_.audit.Accepting())) {
    // A read of someone else's data that cannot be audited is not answered.
    const absl::Status refused = absl::UnavailableError(
        "the audit log cannot be written now (disk full or database not writable?); reads of other people's data "
        "are refused until it can be");
    Measure(refused);
    return refused;
  }
  Measure(status);
  if (audited) services_.audit.Record(Event(subject_, Outcome(status)));
  return status;
}

grpc::ServerUnaryReactor* Call::Finish(const absl::Status& status) { return FinishWith(ctx_, Final(status)); }

grpc::ServerUnaryReactor* Call::Defer() {
  deferred_ = ctx_->DefaultReactor();
  return deferred_;
}

void Call::Complete(const absl::Status& status) { deferred_->Finish(ToGrpcStatus(Final(status))); }

grpc::ServerUnaryReactor* Call::Read(const std::function<absl::Status(core::Repositories&)>& fn) {
  return Finish(services_.reads.With(fn));
}

grpc::ServerUnaryReactor* Call::Write(std::function<absl::Status(core::Repositories&)> job,
                                      std::function<void(const absl::Status&)> after) {
  auto self = shared_from_this();
  return ServeWrite(
      ctx_, services_.writer,
      [self, job = std::move(job)](core::Repositories& repos) -> absl::Status {
        RETURN_IF_ERROR(job(repos));
        if (self->audited_by_job_) return absl::OkStatus();
        return repos.access.AppendAudit(self->Event(self->subject_, "OK"));
      },
      [self, after = std::move(after)](const absl::Status& s) {
        self->Measure(s);
        if (!s.ok() && !self->refused_) self->services_.audit.Record(self->Event(self->subject_, Outcome(s)));
        if (after) after(s);
      });
}

}  // namespace skillpath::services
