#pragma once
// The e-mail notifications (issue #15 item 5), on the writer's schedule: a
// timer on the writer's thread looks at the plans that can notify
// (core/notify/notices.h), queues each new notice in the outbox in one
// transaction, and hands the mails that are due to a thread of its own,
// which sends them to the SMTP server (mail/smtp.h) and records each
// outcome through the writer. A request never waits for any of it; a
// server that is down delays mail (tried again after 1, 2, 4 ... minutes by
// default, at most 6 hours apart, for three days), and a restart loses none (the
// outbox is in the database; a mail whose sending was not yet recorded
// may go twice).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "absl/time/time.h"
#include "core/model/mail_types.h"
#include "db/writer.h"
#include "mail/smtp.h"

namespace skillpath::services {

struct NotifierOptions {
  mail::SmtpConfig smtp;      // empty url: no e-mail at all
  std::string from_address;   // the sender, e.g. "kompetanse@kommune.no"
  std::string from_name = "skillpath";
  std::string public_url;     // links in the mails (empty: none)
  absl::TimeZone zone;        // the times in the mails
  std::chrono::seconds interval{30};
  std::chrono::seconds retry_after{60};  // the first pause after a failure; it doubles
  int batch = 50;             // mails handed to the sender at a time
};

class Notifier {
 public:
  Notifier(db::Writer& writer, NotifierOptions options, std::function<core::Time()> now);
  ~Notifier();  // Stop()s.

  // The first look in a second, then every interval.
  void Start();
  // Cancels the timer and ends the sender after the mail it is sending.
  void Stop();

  // One look now (queue what is new, hand out what is due), for tests; its
  // status once queued. Not from the writer thread.
  absl::Status LookNowForTest();

 private:
  void Schedule(std::chrono::milliseconds after);
  void Look(std::function<void(absl::Status)> done);
  void SendLoop();
  void Record(const core::OutboxMail& mail, const absl::Status& sent, core::Time at);

  db::Writer& writer_;
  const NotifierOptions options_;
  std::function<core::Time()> now_;
  std::unique_ptr<boost::asio::steady_timer> timer_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<core::OutboxMail> to_send_;  // guarded by mu_
  bool sending_ = false;                   // guarded by mu_: a batch is with the sender
  bool stopping_ = false;                  // guarded by mu_
  std::thread sender_;
};

}  // namespace skillpath::services
