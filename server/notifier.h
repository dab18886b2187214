#pragma once
// The e-mail notifications (issue #15 item 5): a thread of the notifier's
// own looks at the plans that can notify (core/notify/notices.h) every
// interval through the read pool, queues each new notice in the outbox and
// takes the mails that are due in one job of the writer (so the writer's
// thread does no more than that write), sends them to the SMTP server
// (mail/smtp.h) and records each outcome through the writer. A request
// never waits for any of it; a server that is down delays mail (tried
// again after 1, 2, 4 ... minutes by default, at most 6 hours apart, for
// three days), and a restart loses none (the outbox is in the database; a
// mail whose sending was not yet recorded may go twice).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "core/model/mail_types.h"
#include "db/read_pool.h"
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
  Notifier(db::Writer& writer, db::ReadPool& reads, NotifierOptions options, std::function<core::Time()> now);
  ~Notifier();  // Stop()s.

  // The first look in a second, then every interval.
  void Start();
  // Ends the thread after the mail it is sending (the rest stay due).
  void Stop();

 private:
  void Run();
  // Queues what is new and returns what is due now.
  absl::StatusOr<std::vector<core::OutboxMail>> Look(core::Time now);
  void Send(const std::vector<core::OutboxMail>& due);
  void Record(const core::OutboxMail& mail, const absl::Status& sent, core::Time at);
  bool Stopping();

  db::Writer& writer_;
  db::ReadPool& reads_;
  const NotifierOptions options_;
  std::function<core::Time()> now_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace skillpath::services
