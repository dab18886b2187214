#pragma once
// AccessStore keeps what access control and the data-protection rights need:
// bearer tokens, the append-only audit log and its retention purge, the
// pseudonym salt, and a person's data across every table (collected for
// access and portability, erased on request: GDPR art. 15, 17, 20).

#include <optional>
#include <string>
#include <vector>

#include "core/model/auth.h"
#include "core/ports/repository.h"
#include "db/store/assessment_store.h"
#include "db/store/org_store.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class AccessStore final : public Store<core::AccessRepository> {
 public:
  // `org` and `assessments` (on the same connection) load the person and
  // their assessments for CollectPersonData; all must outlive this store.
  AccessStore(Statements& statements, OrgStore& org, AssessmentStore& assessments)
      : Store(statements), org_(org), assessments_(assessments) {}

  // TokenRepository
  absl::StatusOr<std::optional<core::TokenRecord>> FindToken(const std::string& id) override;
  absl::StatusOr<std::vector<core::TokenRecord>> ListTokens() override;
  absl::StatusOr<std::vector<core::TokenRecord>> ListTokensOf(const std::string& person_id,
                                                              core::TokenKind kind) override;
  absl::Status PutToken(const core::TokenRecord& token) override;
  absl::StatusOr<bool> TouchToken(const std::string& id, core::Time at) override;
  absl::Status PutSignInRequest(const core::SignInRequest& request) override;
  absl::StatusOr<std::optional<core::SignInRequest>> TakeSignInRequest(const std::string& state_hash) override;
  absl::StatusOr<int64_t> PurgeSignInRequestsBefore(core::Time before) override;

  // CollectPersonData: nullopt for an unknown person. ErasePerson removes
  // the person and everything about them (assessments, plans, tokens,
  // roles), clears them as assessor of others' assessments, replaces their
  // id in the audit log by the pseudonym in `erasure.subject` (which must
  // start with "erased:") and appends `erasure`; it returns false for an
  // unknown person. Run inside the caller's transaction.
  absl::StatusOr<std::optional<core::PersonData>> CollectPersonData(const std::string& person_id) override;
  absl::StatusOr<bool> ErasePerson(const std::string& person_id, const core::AuditEvent& erasure) override;
  absl::Status AppendAudit(const core::AuditEvent& event) override;
  absl::Status AppendAudits(const std::vector<core::AuditEvent>& events) override;
  absl::StatusOr<std::vector<core::AuditEvent>> ListAudit(const core::AuditQuery& query) override;
  absl::StatusOr<int64_t> PurgeAuditBefore(core::Time before, core::Time now) override;
  // A secret per database for keyed pseudonyms (made by migration 0004).
  absl::StatusOr<std::string> PseudonymSalt() override;

 private:
  OrgStore& org_;
  AssessmentStore& assessments_;
};

}  // namespace skillpath::db
