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
  Time at = 0;
  std::string actor_token;
  std::string actor_person;
  std::string method;
  std::string subject;  // a person id, or a pseudonym after erasure
  std::string outcome;
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

}  // namespace skillpath::core
