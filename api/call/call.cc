#include "api/call/call.h"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>
#include <limits>

#include "absl/container/flat_hash_map.h"

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::services {
namespace {

// A bound on cached tokens, so unknown ids cannot grow it without end
// (unknown ids are not cached at all; this guards many valid ones).
constexpr size_t kMaxCachedTokens = 100000;
constexpr size_t kMaxVerifiedPerThread = 1024;

uint64_t NextCacheSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

std::string Outcome(const absl::Status& status) {
  if (status.ok()) return "OK";
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
}

// ---------------------------------------------------------------------------
// TokenCache

absl::StatusOr<std::shared_ptr<const TokenCache::Entry>> TokenCache::Lookup(const std::string& id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mu_);
    auto it = entries_.find(id);
    if (it != entries_.end() && now - it->second->fetched < ttl_) return it->second;
  }
  // A Forget while this reads (a revocation committing) must not be undone
  // by caching what was read before it.
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  auto fresh = std::make_shared<Entry>();
  Entry& entry = *fresh;
  entry.fetched = now;
  RETURN_IF_ERROR(reads_.With([&](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(entry.record, repos.access.FindToken(id));
    if (entry.record && !entry.record->person_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(entry.record->person_id));
      if (person && entry.record->grant == core::Grant::kManager) entry.manages = person->manages_unit_ids;
      entry.person_inactive = person && !person->active;
    }
    return absl::OkStatus();
  }));
  if (entry.record) {
    std::unique_lock lock(mu_);
    if (generation_.load(std::memory_order_acquire) == generation) {
      if (entries_.size() >= kMaxCachedTokens) entries_.clear();
      entries_[id] = fresh;
    }
  }
  return std::shared_ptr<const Entry>(std::move(fresh));
}

TokenCache::TokenCache(db::ReadPool& reads, std::chrono::milliseconds ttl)
    : reads_(reads), ttl_(ttl), serial_(NextCacheSerial()) {}

absl::StatusOr<Principal> TokenCache::Authenticate(const grpc::ServerContextBase& ctx, core::Time now) {
  const auto& metadata = ctx.client_metadata();
  auto it = metadata.find("authorization");
  const absl::string_view presented =
      it == metadata.end() ? absl::string_view() : absl::string_view(it->second.data(), it->second.size());
  ASSIGN_OR_RETURN(auto parts, SplitToken(presented));
  const auto [id, secret] = parts;

  struct Verified {
    std::shared_ptr<const Entry> entry;
    std::string secret;
    uint64_t serial;
    uint64_t generation;
  };
  thread_local absl::flat_hash_map<std::string, Verified> verified;
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  std::shared_ptr<const Entry> entry;
  if (auto v = verified.find(id); v != verified.end() && v->second.serial == serial_ &&
                                  v->second.generation == generation &&
                                  std::chrono::steady_clock::now() - v->second.entry->fetched < ttl_ &&
                                  v->second.secret.size() == secret.size() &&
                                  CRYPTO_memcmp(v->second.secret.data(), secret.data(), secret.size()) == 0) {
    entry = v->second.entry;
    RETURN_IF_ERROR(CheckValidity(id, *entry->record, now));
  } else {
    ASSIGN_OR_RETURN(entry, Lookup(std::string(id)));
    RETURN_IF_ERROR(CheckSecret(id, secret, entry->record ? &*entry->record : nullptr, now));
    if (verified.size() >= kMaxVerifiedPerThread) verified.clear();
    verified[id] = Verified{entry, std::string(secret), serial_, generation};
  }
  if (entry->person_inactive) {
    return absl::UnauthenticatedError(absl::StrCat("token ", id, " belongs to a person who is not active"));
  }
  Principal who = PrincipalOf(*entry->record);
  if (who.grant == core::Grant::kManager) who.manages_unit_ids = entry->manages;
  return who;
}

void TokenCache::Forget(const std::string& token_id) {
  std::unique_lock lock(mu_);
  entries_.erase(token_id);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

void TokenCache::ForgetPerson(const std::string& person_id) {
  std::unique_lock lock(mu_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second->record && it->second->record->person_id == person_id ? entries_.erase(it) : std::next(it);
  }
}

// ---------------------------------------------------------------------------
// AuditTrail

namespace {

// An event as the server log keeps one that could not be written.
std::string Describe(const core::AuditEvent& e) {
  return absl::StrCat("at=", e.at, " actor_token=", e.actor_token, " actor_person=", e.actor_person,
                      " method=", e.method, " subject=", e.subject, " count=", e.count, " outcome=", e.outcome);
}

constexpr size_t kMaxRefusalWindows = 10000;

}  // namespace

AuditTrail::AuditTrail(db::Writer& writer, std::function<core::Time()> now, Options options)
    : writer_(writer),
      now_(std::move(now)),
      options_(options),
      retry_(std::make_unique<boost::asio::steady_timer>(writer.context())),
      sweep_(std::make_unique<boost::asio::steady_timer>(writer.context())) {
  boost::asio::post(writer_.context(), [this] { ArmSweep(); });
}

AuditTrail::~AuditTrail() { Close(); }

void AuditTrail::ArmSweep() {
  sweep_->expires_after(std::max(options_.refusal_window / 2, std::chrono::milliseconds(10)));
  sweep_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: closing
    bool submit = false;
    {
      std::lock_guard lock(mu_);
      const core::Time window = std::chrono::duration_cast<std::chrono::microseconds>(options_.refusal_window).count();
      CloseWindowsLocked(now_() - window);
      if (!pending_.empty() && !scheduled_ && !closed_) {
        scheduled_ = true;
        submit = backoff_.count() == 0;
        if (!submit) {
          retry_->expires_after(backoff_);
          retry_->async_wait([this](const boost::system::error_code& e) {
            if (!e) Submit();
          });
        }
      }
    }
    if (submit) Submit();
    ArmSweep();
  });
}

void AuditTrail::Record(core::AuditEvent event) {
  std::vector<core::AuditEvent> one;
  one.push_back(std::move(event));
  Record(std::move(one));
}

void AuditTrail::Record(std::vector<core::AuditEvent> events) {
  if (events.empty()) return;
  {
    std::lock_guard lock(mu_);
    for (core::AuditEvent& e : events) {
      if (closed_ || backlog_ >= 2 * options_.max_pending) {
        spdlog::error("audit event not kept ({}), logged instead: {}", closed_ ? "closed" : "backlog full", Describe(e));
        continue;
      }
      pending_.push_back(std::move(e));
      ++backlog_;
    }
    ScheduleLocked();
  }
}

void AuditTrail::RecordRefusal(core::AuditEvent event) {
  const std::string key = absl::StrCat(event.actor_token, "\x1f", event.actor_person, "\x1f", event.method, "\x1f",
                                       event.subject, "\x1f", event.outcome);
  {
    std::lock_guard lock(mu_);
    const core::Time window = std::chrono::duration_cast<std::chrono::microseconds>(options_.refusal_window).count();
    if (auto it = windows_.find(key); it != windows_.end()) {
      if (event.at - it->second.opened < window) {
        ++it->second.repeats.count;
        it->second.repeats.at = event.at;
        return;
      }
      if (it->second.repeats.count > 0 && !closed_) {
        pending_.push_back(std::move(it->second.repeats));
        ++backlog_;
      }
      windows_.erase(it);
    }
    if (windows_.size() >= kMaxRefusalWindows) CloseWindowsLocked(std::numeric_limits<core::Time>::max());
    if (!closed_) {
      Window& w = windows_[key];
      w.opened = event.at;
      w.repeats = event;
      w.repeats.count = 0;
    }
  }
  Record(std::move(event));
}

void AuditTrail::CloseWindowsLocked(core::Time cutoff) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.opened > cutoff) {
      ++it;
      continue;
    }
    if (it->second.repeats.count > 0) {
      pending_.push_back(std::move(it->second.repeats));
      ++backlog_;
    }
    it = windows_.erase(it);
  }
}

void AuditTrail::ScheduleLocked() {
  if (scheduled_ || pending_.empty()) return;
  scheduled_ = true;
  // After a failure the next attempt waits for the backoff (on the writer's
  // thread, which owns the timer); otherwise it goes at once. Writer::Submit
  // may complete inline (after Stop), so it is posted rather than called
  // under the lock.
  const auto delay = backoff_;
  boost::asio::post(writer_.context(), [this, delay] {
    if (delay.count() == 0) {
      Submit();
      return;
    }
    retry_->expires_after(delay);
    retry_->async_wait([this](const boost::system::error_code& ec) {
      if (!ec) Submit();
    });
  });
}

void AuditTrail::Submit() {
  auto batch = std::make_shared<std::vector<core::AuditEvent>>();
  writer_.Submit(
      [this, batch](core::Repositories& repos) -> absl::Status {
        {
          std::lock_guard lock(mu_);
          batch->swap(pending_);
          scheduled_ = false;  // what is recorded from now on needs a job of its own
        }
        for (const core::AuditEvent& e : *batch) RETURN_IF_ERROR(repos.access.AppendAudit(e));
        return absl::OkStatus();
      },
      [this, batch](absl::Status s) { OnWritten(batch, s); });
}

void AuditTrail::OnWritten(const std::shared_ptr<std::vector<core::AuditEvent>>& batch, const absl::Status& status) {
  std::lock_guard lock(mu_);
  if (status.ok()) {
    backlog_ -= batch->size();
    if (failing_.exchange(false)) spdlog::info("audit events are written again; reads of others' data are served");
    backoff_ = std::chrono::milliseconds(0);
    return;
  }
  // Kept, oldest first, for the next attempt: nothing is dropped.
  pending_.insert(pending_.begin(), std::make_move_iterator(batch->begin()), std::make_move_iterator(batch->end()));
  batch->clear();
  if (!failing_.exchange(true)) {
    spdlog::error("audit events cannot be written ({}): {} kept in memory and retried; reads of other people's data "
                  "are refused (UNAVAILABLE) until they are written",
                  status.ToString(), pending_.size());
  }
  backoff_ = std::min(std::max(backoff_ * 2, std::chrono::milliseconds(100)), options_.max_backoff);
  if (!closed_) ScheduleLocked();
}

absl::Status AuditTrail::Flush() {
  {
    std::lock_guard lock(mu_);
    CloseWindowsLocked(std::numeric_limits<core::Time>::max());
  }
  auto batch = std::make_shared<std::vector<core::AuditEvent>>();
  absl::Status s = writer_.RunAndWait([this, batch](core::Repositories& repos) -> absl::Status {
    {
      std::lock_guard lock(mu_);
      batch->swap(pending_);
    }
    for (const core::AuditEvent& e : *batch) RETURN_IF_ERROR(repos.access.AppendAudit(e));
    return absl::OkStatus();
  });
  OnWritten(batch, s);
  return s;
}

void AuditTrail::Close() {
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
  }
  const absl::Status flushed = Flush();
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  // The timers live on the writer's thread: cancel them there (the writer
  // cannot stop while they wait).
  auto cancelled = std::make_shared<std::promise<void>>();
  std::future<void> done = cancelled->get_future();
  boost::asio::post(writer_.context(), [this, cancelled] {
    retry_->cancel();
    sweep_->cancel();
    cancelled->set_value();
  });
  done.wait_for(std::chrono::seconds(5));
  std::lock_guard lock(mu_);
  if (!flushed.ok() || !pending_.empty()) {
    spdlog::critical("audit log: {} events could not be written ({}); they follow in this log", pending_.size(),
                     flushed.ToString());
    for (const core::AuditEvent& e : pending_) spdlog::error("audit event not written: {}", Describe(e));
    backlog_ -= pending_.size();
    pending_.clear();
  }
}

// ---------------------------------------------------------------------------
// Call

absl::StatusOr<std::shared_ptr<Call>> Call::Start(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                  const char* method, const About& about) {
  auto who = services.tokens.Authenticate(*ctx, services.now());
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

absl::Status Call::Allow(const About& about) {
  core::Subject subject;
  subject.action = about.action;
  if (about.kind == About::Kind::kPerson) {
    subject.person_id = about.id;
    if (auto p = snapshot_->people.Find(about.id)) {
      subject.unit_id = snapshot_->units->units[snapshot_->people.Get(*p)->unit].id;
    }
  } else if (about.kind == About::Kind::kUnit) {
    subject.unit_id = about.id;
  }
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
