#include "server/notifier.h"

#include <spdlog/spdlog.h>

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

Notifier::Notifier(db::Writer& writer, db::ReadPool& reads, NotifierOptions options, std::function<core::Time()> now)
    : writer_(writer), reads_(reads), options_(std::move(options)), now_(std::move(now)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  thread_ = std::thread([this] { Run(); });
  spdlog::info("e-mail notifications: through {} from {}, looked at every {} s", options_.smtp.url,
               options_.from_address, options_.interval.count());
}

void Notifier::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Notifier::Stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

void Notifier::Run() {
  std::chrono::milliseconds pause = std::chrono::seconds(1);
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (wake_.wait_for(lock, pause, [this] { return stopping_; })) return;
    }
    pause = options_.interval;
    absl::StatusOr<std::vector<core::OutboxMail>> due = Look(now_());
    if (!due.ok()) {
      spdlog::error("e-mail notifications: looking for what to send failed: {}", due.status().ToString());
      continue;
    }
    Send(*due);
  }
}

absl::StatusOr<std::vector<core::OutboxMail>> Notifier::Look(core::Time now) {
  std::vector<core::OutboxMail> mails;
  absl::Status read = reads_.With([&](core::Repositories& repos) -> absl::Status {
    if (!repos.notifications) return absl::FailedPreconditionError("the store keeps no outbox");
    absl::StatusOr<std::vector<core::LearningPlan>> plans = repos.notifications->PlansToNotify(now, core::kSessionLead);
    if (!plans.ok()) return plans.status();
    absl::StatusOr<std::vector<core::OutboxMail>> found = MailsOf(repos, *plans, options_, now);
    if (!found.ok()) return found.status();
    mails = std::move(*found);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  // The writer's part: the new ones queued and what is due taken, in one job.
  auto due = std::make_shared<std::vector<core::OutboxMail>>();
  auto queued = std::make_shared<int>(0);
  std::promise<absl::Status> done;
  writer_.Submit(
      [this, now, due, queued, mails = std::move(mails)](core::Repositories& repos) -> absl::Status {
        absl::StatusOr<int> added = repos.notifications->Enqueue(mails);
        if (!added.ok()) return added.status();
        *queued = *added;
        absl::StatusOr<std::vector<core::OutboxMail>> ready = repos.notifications->DueMail(now, options_.batch);
        if (!ready.ok()) return ready.status();
        *due = std::move(*ready);
        return absl::OkStatus();
      },
      [&done](absl::Status s) { done.set_value(s); });
  if (absl::Status s = done.get_future().get(); !s.ok()) return s;
  if (*queued > 0) spdlog::info("e-mail notifications: {} new queued", *queued);
  return std::move(*due);
}

void Notifier::Send(const std::vector<core::OutboxMail>& due) {
  int sent = 0, failed = 0;
  for (const core::OutboxMail& m : due) {
    if (Stopping()) break;  // the rest stay due for the next start
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
