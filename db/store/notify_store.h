#pragma once
// NotifyStore keeps the e-mail notifications (issue #15): the outbox, each
// person's own settings (language, e-mail on or off), and the questions
// the notifier asks of plans and people.

#include <string>
#include <vector>

#include "core/ports/repository.h"
#include "db/sql/statements.h"
#include "db/store/org_store.h"
#include "db/store/plan_store.h"

namespace skillpath::db {

class NotifyStore final : public Store<core::NotificationRepository> {
 public:
  // `org` and `plans` (on the same connection) load people and plans; both
  // must outlive this store.
  NotifyStore(Statements& statements, OrgStore& org, PlanStore& plans) : Store(statements), org_(org), plans_(plans) {}

  absl::StatusOr<std::vector<core::LearningPlan>> PlansToNotify(core::Time now, core::Time lead) override;
  absl::StatusOr<std::vector<core::Person>> ManagersOf(const core::Person& person) override;
  absl::StatusOr<int> Enqueue(const std::vector<core::OutboxMail>& mails) override;
  absl::StatusOr<std::vector<core::OutboxMail>> DueMail(core::Time now, int limit) override;
  absl::Status MarkSent(int64_t id, core::Time at) override;
  absl::Status MarkFailed(int64_t id, int attempts, core::Time next_attempt_at, const std::string& error,
                          bool give_up) override;
  absl::StatusOr<core::OutboxCounts> CountMail() override;
  absl::StatusOr<bool> SetPersonSettings(const std::string& person_id, const std::string& language,
                                         bool email_notifications) override;

 private:
  OrgStore& org_;
  PlanStore& plans_;
};

}  // namespace skillpath::db
