#pragma once
// Storage interfaces that core/ needs, implemented in db/ (SQLite today, a
// PostgreSQL backend later). Find* return std::nullopt for an unknown id;
// errors are storage failures only. Implementations are used from one thread
// at a time; the writer owns the instances that write.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/auth.h"
#include "core/model/mail_types.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

class FrameworkRepository {
 public:
  virtual ~FrameworkRepository() = default;
  virtual absl::StatusOr<std::optional<Framework>> FindFramework(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<Framework>> ListFrameworks() = 0;
  // Replaces the framework with this id (areas and competences included).
  // FAILED_PRECONDITION when a competence it drops is still referenced.
  virtual absl::Status PutFramework(const Framework& framework) = 0;
  // The framework that owns an area / a competence, nullopt if none does.
  virtual absl::StatusOr<std::optional<std::string>> FrameworkOfArea(const std::string& area_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> FrameworkOfCompetence(
      const std::string& competence_id) = 0;
  // The top level of a competence's scale (its own, else its framework's).
  virtual absl::StatusOr<std::optional<int>> CompetenceTopLevel(const std::string& competence_id) = 0;
};

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  virtual absl::StatusOr<std::optional<OrgUnit>> FindOrgUnit(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<OrgUnit>> ListOrgUnits() = 0;
  virtual absl::Status PutOrgUnit(const OrgUnit& unit) = 0;

  virtual absl::StatusOr<std::optional<Role>> FindRole(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<Role>> ListRoles() = 0;
  virtual absl::Status PutRole(const Role& role) = 0;

  virtual absl::StatusOr<std::optional<Person>> FindPerson(const std::string& id) = 0;
  virtual absl::StatusOr<bool> PersonExists(const std::string& id) = 0;
  // The people with this e-mail address, compared without regard to case
  // (sign-in matches a provider's `email` claim; more than one is a conflict
  // for the caller to report).
  virtual absl::StatusOr<std::vector<Person>> FindPeopleByEmail(const std::string& email) = 0;
  // People ordered by id, ids greater than `after_id`, at most `limit`.
  // Empty `org_unit_id`: everyone.
  virtual absl::StatusOr<std::vector<Person>> ListPeople(const std::string& org_unit_id,
                                                         bool include_subunits,
                                                         const std::string& after_id,
                                                         int limit) = 0;
  // Inserts or replaces the person with their roles and managed units
  // (each with its Origin bits).
  virtual absl::Status PutPerson(const Person& person) = 0;
  // Every person (links included) in id order, with no query per person.
  virtual absl::Status ForEachPerson(const std::function<void(const Person&)>& fn) = 0;
  // The units whose manager_id is `person_id`, and the units of the people
  // whose manager_id is `person_id` (themself aside): what the data says
  // they manage.
  virtual absl::StatusOr<std::vector<std::string>> UnitsManagedInData(const std::string& person_id) = 0;

  // Position rules, ordered by id.
  virtual absl::StatusOr<std::vector<PositionRule>> ListPositionRules() = 0;
  virtual absl::Status PutPositionRule(const PositionRule& rule) = 0;
  // false for an unknown id.
  virtual absl::StatusOr<bool> DeletePositionRule(const std::string& id) = 0;
};

class AssessmentRepository {
 public:
  virtual ~AssessmentRepository() = default;
  virtual absl::StatusOr<std::optional<Assessment>> FindAssessment(const std::string& id) = 0;
  // Appends to the history; assessments are never changed afterwards.
  virtual absl::Status AppendAssessment(const Assessment& assessment) = 0;
  // AppendAssessment unless an assessment with this id is stored already:
  // then nothing is written and the answer is false.
  virtual absl::StatusOr<bool> AppendAssessmentIfNew(const Assessment& assessment) = 0;
  // Oldest first (by assessed_at, then by the order recorded).
  virtual absl::StatusOr<std::vector<Assessment>> ListAssessments(const std::string& person_id,
                                                                  const std::string& competence_id) = 0;
  // Retention: removes assessments made before `cutoff`; returns how many.
  // The only way an assessment leaves the history.
  virtual absl::StatusOr<int64_t> PurgeAssessmentsBefore(Time cutoff) = 0;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  virtual absl::StatusOr<std::optional<LearningResource>> FindResource(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<LearningResource>> ListResources(const std::string& competence_id) = 0;
  virtual absl::Status PutResource(const LearningResource& resource) = 0;
  virtual absl::Status DeleteResource(const std::string& id) = 0;
  // Ids of the resources that list `id` as a prerequisite.
  virtual absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& id) = 0;
};

class PlanRepository {
 public:
  virtual ~PlanRepository() = default;
  virtual absl::StatusOr<std::optional<LearningPlan>> FindPlan(const std::string& id) = 0;
  // Whose plan it is (nullopt for an unknown plan), without loading it.
  virtual absl::StatusOr<std::optional<std::string>> PlanOwner(const std::string& id) = 0;
  // A person's plans, newest first.
  virtual absl::StatusOr<std::vector<LearningPlan>> ListPlans(const std::string& person_id) = 0;
  // Inserts or replaces the plan with its steps.
  virtual absl::Status PutPlan(const LearningPlan& plan) = 0;
  // Seats taken per session by steps of plans that are not cancelled.
  virtual absl::StatusOr<SessionBookings> Bookings() = 0;
  // Resources of DONE steps in any of the person's plans.
  virtual absl::StatusOr<std::set<std::string>> CompletedResources(const std::string& person_id) = 0;
  // Ids of plans, not cancelled or completed, with a step on the resource.
  virtual absl::StatusOr<std::vector<std::string>> ActivePlansUsing(const std::string& resource_id) = 0;
  // The organisation's work calendar (the defaults until one is put).
  virtual absl::StatusOr<WorkCalendarSettings> GetWorkCalendar() = 0;
  virtual absl::Status PutWorkCalendar(const WorkCalendarSettings& calendar) = 0;
};

// API tokens and sign-in sessions (core/model/auth.h), and sign-ins under
// way.
class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual absl::StatusOr<std::optional<TokenRecord>> FindToken(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokens() = 0;
  // The person's tokens of one kind, oldest first.
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokensOf(const std::string& person_id, TokenKind kind) = 0;
  // Inserts a token, or updates a stored one's revocation, expiry,
  // description and last use (which only moves forward).
  virtual absl::Status PutToken(const TokenRecord& token) = 0;
  // Records a session's use at `at` if later than the one recorded; false
  // when nothing changed (unknown id, or a later use recorded).
  virtual absl::StatusOr<bool> TouchToken(const std::string& id, Time at) = 0;
  virtual absl::Status PutSignInRequest(const SignInRequest& request) = 0;
  // The request with this state hash, removed as it is returned: each
  // answer of the provider is accepted once. nullopt for none.
  virtual absl::StatusOr<std::optional<SignInRequest>> TakeSignInRequest(const std::string& state_hash) = 0;
  // Removes requests started before `before`; how many went.
  virtual absl::StatusOr<int64_t> PurgeSignInRequestsBefore(Time before) = 0;
};

// Tokens, the audit log and personal data: what access control and the
// data-protection rights need from storage.
class AccessRepository : public TokenRepository {
 public:
  virtual absl::Status AppendAudit(const AuditEvent& event) = 0;
  // Several at once, in order: for a store where one statement per event
  // costs a round trip (PostgreSQL), one statement for many.
  virtual absl::Status AppendAudits(const std::vector<AuditEvent>& events) {
    for (const AuditEvent& e : events) {
      if (absl::Status s = AppendAudit(e); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
  // Oldest first.
  virtual absl::StatusOr<std::vector<AuditEvent>> ListAudit(const AuditQuery& query) = 0;
  // nullopt for an unknown person.
  virtual absl::StatusOr<std::optional<PersonData>> CollectPersonData(const std::string& person_id) = 0;
  // Removes the person and everything about them, pseudonymises them in the
  // audit log (erasure.subject, "erased:...") and appends `erasure`; false
  // for an unknown person.
  virtual absl::StatusOr<bool> ErasePerson(const std::string& person_id, const AuditEvent& erasure) = 0;
  // The retention purge, the only way entries leave the audit log: records
  // the purge (cutoff `before`, run at `now`) and removes the entries with
  // at < before; returns how many went.
  virtual absl::StatusOr<int64_t> PurgeAuditBefore(Time before, Time now) = 0;
  // A secret per database for keyed pseudonyms.
  virtual absl::StatusOr<std::string> PseudonymSalt() = 0;
};

// The repositories one unit of work sees, all on the same connection.
// The e-mail notifications (issue #15): what the notifier asks of the
// plans and people, the outbox it queues into and sends from, and each
// person's own settings.
class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  // Plans that may ask for a notice at `now` (core/notify/notices.h):
  // PROPOSED, with a step awaiting confirmation (not cancelled or
  // completed), or APPROVED or IN_PROGRESS with a session step planned to
  // start in (now, now + lead], or DRAFT sent back within kSentBackWindow.
  virtual absl::StatusOr<std::vector<LearningPlan>> PlansToNotify(Time now, Time lead) = 0;
  // The active people who manage the person's unit, or else the nearest
  // unit above it that has one, the person aside.
  virtual absl::StatusOr<std::vector<Person>> ManagersOf(const Person& person) = 0;
  // Queues the mails whose key is new; how many were.
  virtual absl::StatusOr<int> Enqueue(const std::vector<OutboxMail>& mails) = 0;
  // Unsent mails due by `now`, oldest due first, at most `limit`.
  virtual absl::StatusOr<std::vector<OutboxMail>> DueMail(Time now, int limit) = 0;
  virtual absl::Status MarkSent(int64_t id, Time at) = 0;
  // A failed attempt: tried `attempts` times, next at `next_attempt_at`, or
  // never again if `give_up`.
  virtual absl::Status MarkFailed(int64_t id, int attempts, Time next_attempt_at, const std::string& error,
                                  bool give_up) = 0;
  virtual absl::StatusOr<OutboxCounts> CountMail() = 0;
  // A person's own settings (Person::language, Person::email_notifications);
  // false for an unknown person.
  virtual absl::StatusOr<bool> SetPersonSettings(const std::string& person_id, const std::string& language,
                                                 bool email_notifications) = 0;
};

struct Repositories {
  FrameworkRepository& frameworks;
  OrgRepository& org;
  AssessmentRepository& assessments;
  CatalogRepository& catalog;
  PlanRepository& plans;
  AccessRepository& access;
  // The SQLite store's; null where the notifications are not kept (the
  // in-memory repositories of core's tests).
  NotificationRepository* notifications = nullptr;
};

}  // namespace skillpath::core
