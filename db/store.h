#pragma once
// SqliteStore implements every repository interface of core/ on one SQLite
// connection. It owns its prepared statements (prepared once, reused), maps
// rows to core types and SQLite exceptions to absl::Status. Not thread-safe:
// one thread uses a store at a time (the writer, or one reader of the pool).

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/auth.h"
#include "core/changes.h"
#include "core/repository.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace skillpath::db {

class SqliteStore final : public core::FrameworkRepository,
                          public core::OrgRepository,
                          public core::AssessmentRepository,
                          public core::CatalogRepository,
                          public core::PlanRepository,
                          public core::AccessRepository {
 public:
  explicit SqliteStore(SQLite::Database& db);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  core::Repositories repositories() { return core::Repositories{*this, *this, *this, *this, *this, *this}; }

  // While set, every successful write is also noted in `changes` (the
  // writer sets one per job). nullptr: nothing is recorded.
  void set_recorder(core::ChangeSet* changes) { recorder_ = changes; }

  // Bulk scans for building the read index at start: every person (links
  // included), and every assessment in the order recorded.
  absl::Status ForEachPerson(const std::function<void(const core::Person&)>& fn);
  absl::Status ForEachAssessment(const std::function<void(const core::Assessment&)>& fn);

  // FrameworkRepository
  absl::StatusOr<std::optional<core::Framework>> FindFramework(const std::string& id) override;
  absl::StatusOr<std::vector<core::Framework>> ListFrameworks() override;
  absl::Status PutFramework(const core::Framework& framework) override;
  absl::StatusOr<std::optional<std::string>> FrameworkOfArea(const std::string& area_id) override;
  absl::StatusOr<std::optional<std::string>> FrameworkOfCompetence(const std::string& competence_id) override;
  absl::StatusOr<std::optional<int>> CompetenceTopLevel(const std::string& competence_id) override;

  // OrgRepository
  absl::StatusOr<std::optional<core::OrgUnit>> FindOrgUnit(const std::string& id) override;
  absl::StatusOr<std::vector<core::OrgUnit>> ListOrgUnits() override;
  absl::Status PutOrgUnit(const core::OrgUnit& unit) override;
  absl::StatusOr<std::optional<core::Role>> FindRole(const std::string& id) override;
  absl::StatusOr<std::vector<core::Role>> ListRoles() override;
  absl::Status PutRole(const core::Role& role) override;
  absl::StatusOr<std::optional<core::Person>> FindPerson(const std::string& id) override;
  absl::StatusOr<bool> PersonExists(const std::string& id) override;
  absl::StatusOr<std::vector<core::Person>> ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                       const std::string& after_id, int limit) override;
  absl::Status PutPerson(const core::Person& person) override;

  // AssessmentRepository
  absl::StatusOr<std::optional<core::Assessment>> FindAssessment(const std::string& id) override;
  absl::Status AppendAssessment(const core::Assessment& assessment) override;
  absl::StatusOr<std::vector<core::Assessment>> ListAssessments(const std::string& person_id,
                                                                const std::string& competence_id) override;
  absl::StatusOr<int64_t> PurgeAssessmentsBefore(core::Time cutoff) override;

  // CatalogRepository
  absl::StatusOr<std::optional<core::LearningResource>> FindResource(const std::string& id) override;
  absl::StatusOr<std::vector<core::LearningResource>> ListResources(const std::string& competence_id) override;
  absl::Status PutResource(const core::LearningResource& resource) override;
  absl::Status DeleteResource(const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& id) override;

  // PlanRepository
  absl::StatusOr<std::optional<core::LearningPlan>> FindPlan(const std::string& id) override;
  absl::StatusOr<std::optional<std::string>> PlanOwner(const std::string& id) override;
  absl::StatusOr<std::vector<core::LearningPlan>> ListPlans(const std::string& person_id) override;
  absl::Status PutPlan(const core::LearningPlan& plan) override;
  absl::StatusOr<core::SessionBookings> Bookings() override;
  absl::StatusOr<std::set<std::string>> CompletedResources(const std::string& person_id) override;
  absl::StatusOr<std::vector<std::string>> ActivePlansUsing(const std::string& resource_id) override;

  // Personal data (GDPR art. 15, 17, 20). CollectPersonData: nullopt for an
  // unknown person. ErasePerson removes the person and everything about
  // them (assessments, plans, tokens, roles), clears them as assessor of
  // others' assessments, replaces their id in the audit log by the
  // pseudonym in `erasure.subject` (which must start with "erased:") and
  // appends `erasure`; it returns false for an unknown person. Run inside the
  // caller's transaction.
  absl::StatusOr<std::optional<core::PersonData>> CollectPersonData(const std::string& person_id) override;
  absl::StatusOr<bool> ErasePerson(const std::string& person_id, const core::AuditEvent& erasure) override;
  absl::Status AppendAudit(const core::AuditEvent& event) override;
  absl::StatusOr<std::vector<core::AuditEvent>> ListAudit(const core::AuditQuery& query) override;
  absl::StatusOr<int64_t> PurgeAuditBefore(core::Time before, core::Time now) override;
  // A secret per database for keyed pseudonyms (made by migration 0004).
  absl::StatusOr<std::string> PseudonymSalt() override;

  // TokenRepository
  absl::StatusOr<std::optional<core::TokenRecord>> FindToken(const std::string& id) override;
  absl::StatusOr<std::vector<core::TokenRecord>> ListTokens() override;
  absl::Status PutToken(const core::TokenRecord& token) override;

 private:
  class Query;
  // The cached statement for `sql` (a string literal: keyed by address),
  // reset and with its bindings cleared.
  Query Prepare(const char* sql);

  core::Framework LoadFramework(const std::string& id, bool* found);
  core::Person LoadPersonLinks(core::Person person);
  core::Role LoadRoleLinks(core::Role role);
  core::LearningResource LoadResourceLinks(core::LearningResource resource);
  std::optional<core::LearningPlan> LoadPlan(const std::string& id);
  core::Scale LoadScale(const char* sql, const std::string& owner_id);

  SQLite::Database& db_;
  core::ChangeSet* recorder_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace skillpath::db
