#include "auth/audit_trail.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <future>
#include <limits>

#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::services {
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
      // Closed after the timer fired but before this ran (the cancel came
      // too late to stop it): arming again would keep the writer from ever
      // stopping.
      if (closed_) return;
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
        return repos.access.AppendAudits(*batch);
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
    return repos.access.AppendAudits(*batch);
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

}  // namespace skillpath::services
