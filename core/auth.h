#pragma once
// Who may call: API tokens and the grants they carry (DESIGN.md, issue #5).
// A token is "<id>.<secret>": the id finds the stored record, the secret is
// checked against the stored hash. Plain data here; minting and checking
// secrets (OpenSSL) live in services/tokens.h, storage in db/.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/types.h"

namespace skillpath::core {

enum class Grant { kUnspecified = 0, kEmployee = 1, kManager = 2, kHr = 3, kAdmin = 4, kAggregate = 5 };

const char* GrantName(Grant g);
// EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<Grant> ParseGrant(const std::string& text);

struct TokenRecord {
  std::string id;
  std::string secret_hash;  // SHA-256 of the secret, raw bytes
  std::string person_id;    // required for EMPLOYEE and MANAGER
  Grant grant = Grant::kUnspecified;
  std::string description;
  Time created_at = 0;
  std::optional<Time> expires_at;
  std::optional<Time> revoked_at;
};

// Checks a token record to be stored: grant set; a person for EMPLOYEE and
// MANAGER (whose scope is that person, or the units they manage); expiry
// after creation.
absl::Status ValidateTokenRecord(const TokenRecord& token);

// One entry of the audit log.
struct AuditEvent {
  int64_t seq = 0;  // set when stored (order of appending)
  Time at = 0;
  std::string actor_token;
  std::string actor_person;
  std::string method;
  std::string subject;  // a person id, or a pseudonym after erasure
  std::string outcome;
  // How many identical refused calls this entry stands for (aggregated
  // within a window, issue #10); 1 for every other entry.
  int64_t count = 1;
};

// Everything stored about one person (GDPR art. 15 and 20).
struct PersonData {
  Person person;
  std::vector<Assessment> assessments;        // about them, oldest first
  std::vector<Assessment> assessments_given;  // they assessed others
  std::vector<std::string> plan_ids;          // their plans (loaded whole by the caller)
  std::vector<TokenRecord> tokens;            // without secrets (only hashes are stored)
  std::vector<AuditEvent> audit;              // events about them, oldest first
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual absl::StatusOr<std::optional<TokenRecord>> FindToken(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokens() = 0;
  virtual absl::Status PutToken(const TokenRecord& token) = 0;
};

// Which audit events to list: every filter that is set must match.
struct AuditQuery {
  std::string subject;
  std::string actor_person;
  std::string actor_token;
  std::optional<Time> from;  // inclusive
  std::optional<Time> to;    // exclusive
  int64_t after_seq = 0;     // paging: events after this one
  int limit = 1000;
};

// Tokens, the audit log and personal data: what access control and the
// data-protection rights need from storage.
class AccessRepository : public TokenRepository {
 public:
  virtual absl::Status AppendAudit(const AuditEvent& event) = 0;
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

}  // namespace skillpath::core
