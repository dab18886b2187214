#include "db/store/notify_store.h"

#include <set>

#include "core/model/mail_types.h"

namespace skillpath::db {

using core::OutboxMail;

namespace {
const auto MailRow = Fields(&OutboxMail::id, &OutboxMail::key, &OutboxMail::kind, &OutboxMail::recipient_id,
                            &OutboxMail::about_person_id, &OutboxMail::address, &OutboxMail::language,
                            &OutboxMail::subject, &OutboxMail::body, &OutboxMail::created_at, &OutboxMail::attempts,
                            &OutboxMail::next_attempt_at, &OutboxMail::last_error);
}  // namespace

absl::StatusOr<std::vector<core::LearningPlan>> NotifyStore::PlansToNotify(core::Time now, core::Time lead) {
  absl::StatusOr<std::vector<std::string>> ids = GuardedRows(
      "SELECT id FROM plans WHERE status = 2 "
      "UNION SELECT s.plan_id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
      "  WHERE s.status = 5 AND p.status NOT IN (5, 6) "
      "UNION SELECT s.plan_id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
      "  WHERE p.status IN (3, 4) AND s.session_id != '' AND s.status IN (1, 2) "
      "  AND s.planned_start > ?1 AND s.planned_start <= ?2 "
      "UNION SELECT p.id FROM plans p WHERE p.status = 1 AND EXISTS (SELECT 1 FROM plan_comments c "
      "  WHERE c.plan_id = p.id AND c.status = 1 AND c.at > ?3) "
      "ORDER BY 1",
      TextColumn, static_cast<int64_t>(now), static_cast<int64_t>(now + lead),
      static_cast<int64_t>(now - core::kSentBackWindow));
  if (!ids.ok()) return ids.status();
  std::vector<core::LearningPlan> plans;
  for (const std::string& id : *ids) {
    absl::StatusOr<std::optional<core::LearningPlan>> plan = plans_.FindPlan(id);
    if (!plan.ok()) return plan.status();
    if (*plan) plans.push_back(std::move(**plan));
  }
  return plans;
}

absl::StatusOr<std::vector<core::Person>> NotifyStore::ManagersOf(const core::Person& person) {
  absl::StatusOr<std::vector<std::string>> ids = Guard([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::string unit = person.org_unit_id;
    std::set<std::string> seen;  // a unit tree is acyclic; this only guards the walk
    while (!unit.empty() && seen.insert(unit).second) {
      std::vector<std::string> managers = statements_.Rows(
          "SELECT m.person_id FROM person_manages m JOIN people p ON p.id = m.person_id "
          "WHERE m.org_unit_id = ? AND m.person_id != ? AND p.active = 1 ORDER BY m.person_id",
          TextColumn, unit, person.id);
      if (!managers.empty()) return managers;
      std::vector<std::string> parent =
          statements_.Rows("SELECT parent_id FROM org_units WHERE id = ?", TextColumn, unit);
      unit = parent.empty() ? "" : parent[0];
    }
    return std::vector<std::string>{};
  });
  if (!ids.ok()) return ids.status();
  std::vector<core::Person> people;
  for (const std::string& id : *ids) {
    absl::StatusOr<std::optional<core::Person>> p = org_.FindPerson(id);
    if (!p.ok()) return p.status();
    if (*p) people.push_back(std::move(**p));
  }
  return people;
}

absl::StatusOr<int> NotifyStore::Enqueue(const std::vector<OutboxMail>& mails) {
  return Guard([&]() -> absl::StatusOr<int> {
    int added = 0;
    for (const OutboxMail& m : mails) {
      added += statements_.Exec(
          "INSERT INTO mail_outbox (event_key, kind, recipient_id, about_person_id, address, language, subject, body, "
          "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_key) DO NOTHING",
          m.key, m.kind, m.recipient_id, m.about_person_id, m.address, m.language, m.subject, m.body,
          static_cast<int64_t>(m.created_at), static_cast<int64_t>(m.next_attempt_at));
    }
    return added;
  });
}

absl::StatusOr<std::vector<OutboxMail>> NotifyStore::DueMail(core::Time now, int limit) {
  return GuardedRows(
      "SELECT id, event_key, kind, recipient_id, about_person_id, address, language, subject, body, created_at, "
      "attempts, next_attempt_at, last_error FROM mail_outbox "
      "WHERE sent_at IS NULL AND given_up = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      MailRow, static_cast<int64_t>(now), limit);
}

absl::Status NotifyStore::MarkSent(int64_t id, core::Time at) {
  return Guard([&]() -> absl::Status {
    statements_.Exec("UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?",
                     static_cast<int64_t>(at), id);
    return absl::OkStatus();
  });
}

absl::Status NotifyStore::MarkFailed(int64_t id, int attempts, core::Time next_attempt_at, const std::string& error,
                                     bool give_up) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, given_up = ? WHERE id = ?", attempts,
        static_cast<int64_t>(next_attempt_at), error, give_up ? 1 : 0, id);
    return absl::OkStatus();
  });
}

absl::StatusOr<core::OutboxCounts> NotifyStore::CountMail() {
  return Guard([&]() -> absl::StatusOr<core::OutboxCounts> {
    return *statements_.FirstRow(
        "SELECT COUNT(CASE WHEN sent_at IS NULL AND given_up = 0 THEN 1 END), COUNT(sent_at), "
        "COALESCE(SUM(given_up), 0), COALESCE(MIN(CASE WHEN sent_at IS NULL AND given_up = 0 THEN created_at END), 0) "
        "FROM mail_outbox",
        Fields(&core::OutboxCounts::waiting, &core::OutboxCounts::sent, &core::OutboxCounts::given_up,
               &core::OutboxCounts::oldest_waiting));
  });
}

absl::StatusOr<bool> NotifyStore::SetPersonSettings(const std::string& person_id, const std::string& language,
                                                    bool email_notifications) {
  return Guard([&]() -> absl::StatusOr<bool> {
    const int changed = statements_.Exec("UPDATE people SET language = ?, email_notifications = ? WHERE id = ?",
                                         language, email_notifications ? 1 : 0, person_id);
    if (changed > 0 && statements_.recorder()) statements_.recorder()->people.insert(person_id);
    return changed > 0;
  });
}

}  // namespace skillpath::db
