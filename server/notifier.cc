#include "server/notifier.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>

#include "absl/strings/str_cat.h"
#include "core/notify/notice_texts.h"
#include "core/notify/notices.h"

namespace skillpath::services {
namespace {

constexpr core::Time kMinute = 60LL * 1000000;
constexpr core::Time kGiveUpAfter = 3LL * 24 * 60 * kMinute;

// The pause before attempt `attempts` + 1: `first`, twice that, four times
// ..., at most 6 hours.
core::Time Pause(int attempts, std::chrono::seconds first) {
  const int doublings = std::min(attempts > 0 ? attempts - 1 : 0, 12);
  return std::min<core::Time>((static_cast<core::Time>(first.count()) * 1000000) << doublings, 6 * 60 * kMinute);
}

core::Recipient RecipientOf(const core::Person& p) {
  core::Recipient r;
  r.person_id = p.id;
  r.name = p.name;
  r.email = p.active ? p.email : "";  // nobody who has left is written to
  r.language = p.language;
  r.wants_email = p.email_notifications;
  return r;
}

// The notices of `plans` at `now`, as outbox mails: the facts they need read
// through `repos` (the writer's).
absl::StatusOr<std::vector<core::OutboxMail>> MailsOf(core::Repositories& repos,
                                                      const std::vector<core::LearningPlan>& plans,
                                                      const NotifierOptions& options, core::Time now) {
  std::vector<core::OutboxMail> mails;
  std::vector<core::LearningResource> resources;  // the sessions of the plans' steps
  for (const core::LearningPlan& plan : plans) {
    absl::StatusOr<std::optional<core::Person>> owner = repos.org.FindPerson(plan.person_id);
    if (!owner.ok()) return owner.status();
    if (!*owner) continue;
    core::PlanNoticeInput in;
    in.plan = &plan;
    in.owner = RecipientOf(**owner);
    absl::StatusOr<std::vector<core::Person>> managers = repos.notifications->ManagersOf(**owner);
    if (!managers.ok()) return managers.status();
    for (const core::Person& m : *managers) in.managers.push_back(RecipientOf(m));
    resources.clear();
    for (const core::PlanStep& step : plan.steps) {
      if (step.session_id.empty()) continue;
      absl::StatusOr<std::optional<core::LearningResource>> r = repos.catalog.FindResource(step.resource_id);
      if (!r.ok()) return r.status();
      if (*r) resources.push_back(std::move(**r));
    }
    in.catalogue = &resources;
    for (const core::Notice& n : core::PlanNotices(in, now)) {
      const core::MailText text = core::RenderNotice(n, options.zone, options.public_url);
      core::OutboxMail m;
      m.key = n.key;
      m.kind = core::NoticeKindName(n.kind);
      m.recipient_id = n.to.person_id;
      m.about_person_id = n.person_id;
      m.address = n.to.email;
      m.language = n.to.language.empty() ? "nb" : n.to.language;
      m.subject = text.subject;
      m.body = text.body;
      m.created_at = now;
      m.next_attempt_at = now;
      mails.push_back(std::move(m));
    }
  }
  return mails;
}

}  // namespace

Notifier::Notifier(db::Writer& writer, NotifierOptions options, std::function<core::Time()> now)
    : writer_(writer), options_(std::move(options)), now_(std::move(now)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  timer_ = std::make_unique<boost::asio::steady_timer>(writer_.context());
  sender_ = std::thread([this] { SendLoop(); });
  Schedule(std::chrono::seconds(1));
  spdlog::info("e-mail notifications: through {} from {}, looked at every {} s", options_.smtp.url,
               options_.from_address, options_.interval.count());
}

void Notifier::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (timer_) {
    // The timer belongs to the writer's thread: cancel it there.
    std::promise<void> cancelled;
    boost::asio::post(writer_.context(), [this, &cancelled] {
      timer_->cancel();
      cancelled.set_value();
    });
    cancelled.get_future().wait_for(std::chrono::seconds(5));
  }
  if (sender_.joinable()) sender_.join();
}

void Notifier::Schedule(std::chrono::milliseconds after) {
  timer_->expires_after(after);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: stopping
    Look([this](absl::Status s) {
      if (!s.ok()) spdlog::error("e-mail notifications: looking for what to send failed: {}", s.ToString());
    });
    Schedule(options_.interval);
  });
}

void Notifier::Look(std::function<void(absl::Status)> done) {
  const core::Time now = now_();
  auto due = std::make_shared<std::vector<core::OutboxMail>>();
  auto queued = std::make_shared<int>(0);
  bool busy;
  {
    std::lock_guard<std::mutex> lock(mu_);
    busy = sending_ || stopping_;
  }
  writer_.Submit(
      [this, now, due, queued, busy](core::Repositories& repos) -> absl::Status {
        if (!repos.notifications) return absl::FailedPreconditionError("the store keeps no outbox");
        absl::StatusOr<std::vector<core::LearningPlan>> plans =
            repos.notifications->PlansToNotify(now, core::kSessionLead);
        if (!plans.ok()) return plans.status();
        absl::StatusOr<std::vector<core::OutboxMail>> mails = MailsOf(repos, *plans, options_, now);
        if (!mails.ok()) return mails.status();
        absl::StatusOr<int> added = repos.notifications->Enqueue(*mails);
        if (!added.ok()) return added.status();
        *queued = *added;
        if (busy) return absl::OkStatus();  // the sender still has the last batch
        absl::StatusOr<std::vector<core::OutboxMail>> ready = repos.notifications->DueMail(now, options_.batch);
        if (!ready.ok()) return ready.status();
        *due = std::move(*ready);
        return absl::OkStatus();
      },
      [this, due, queued, done = std::move(done)](absl::Status s) {
        if (s.ok()) {
          if (*queued > 0) spdlog::info("e-mail notifications: {} new queued", *queued);
          if (!due->empty()) {
            std::lock_guard<std::mutex> lock(mu_);
            to_send_ = std::move(*due);
            sending_ = true;
            wake_.notify_all();
          }
        }
        done(s);
      });
}

absl::Status Notifier::LookNowForTest() {
  std::promise<absl::Status> result;
  boost::asio::post(writer_.context(), [this, &result] { Look([&result](absl::Status s) { result.set_value(s); }); });
  return result.get_future().get();
}

void Notifier::SendLoop() {
  while (true) {
    std::vector<core::OutboxMail> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !to_send_.empty(); });
      if (stopping_) return;
      batch = std::move(to_send_);
      to_send_.clear();
    }
    int sent = 0, failed = 0;
    for (const core::OutboxMail& m : batch) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) break;  // the rest stay due for the next start
      }
      mail::Message message;
      message.from_name = options_.from_name;
      message.from_address = options_.from_address;
      message.to = {m.address};
      message.subject = m.subject;
      message.body = m.body;
      message.language = m.language;
      message.message_id = absl::StrCat("outbox-", m.id, "-", m.created_at, "@skillpath");
      message.date_unix = now_() / 1000000;
      const absl::Status s = mail::Send(options_.smtp, message);
      s.ok() ? ++sent : ++failed;
      Record(m, s, now_());
    }
    if (sent + failed > 0) spdlog::info("e-mail notifications: {} sent, {} failed", sent, failed);
    std::lock_guard<std::mutex> lock(mu_);
    sending_ = false;
  }
}

void Notifier::Record(const core::OutboxMail& m, const absl::Status& sent, core::Time at) {
  const int attempts = m.attempts + 1;
  const bool final = sent.code() == absl::StatusCode::kFailedPrecondition ||
                     sent.code() == absl::StatusCode::kInvalidArgument || at - m.created_at > kGiveUpAfter;
  const std::string error(sent.message());
  if (!sent.ok()) {
    // The outbox id and kind, not the address: the log is no place for it.
    spdlog::warn("e-mail notifications: mail {} ({}) not sent (attempt {}{}): {}", m.id, m.kind, attempts,
                 final ? ", given up" : "", error);
  }
  const core::Time next = at + Pause(attempts, options_.retry_after);
  writer_.Submit(
      [m, sent, at, attempts, final, error, next](core::Repositories& repos) -> absl::Status {
        if (sent.ok()) return repos.notifications->MarkSent(m.id, at);
        return repos.notifications->MarkFailed(m.id, attempts, next, error, final);
      },
      [id = m.id](absl::Status s) {
        if (!s.ok()) spdlog::error("e-mail notifications: recording mail {} failed: {}", id, s.ToString());
      });
}

}  // namespace skillpath::services
