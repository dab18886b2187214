#pragma once
// Who may call: API tokens and the grants they carry (DESIGN.md, issue #5).
// A token is "<id>.<secret>": the id finds the stored record, the secret is
// checked against the stored hash. Plain data here: what is checked on
// storing a token is core/rules/validation.h, minting and checking secrets
// (OpenSSL) auth/tokens.h, storage core/ports/repository.h and db/.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

enum class Grant { kUnspecified = 0, kEmployee = 1, kManager = 2, kHr = 3, kAdmin = 4, kAggregate = 5 };

const char* GrantName(Grant g);
// EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<Grant> ParseGrant(const std::string& text);

// An API token (minted by an ADMIN, for scripts and service accounts) or a
// sign-in session (issue #12: the web client's cookie holds its secret). A
// session belongs to a person, ends at expires_at (the absolute timeout) or
// after idle_timeout without use, and records whom the OpenID provider
// vouched for. kProvider: an access token the OpenID provider signed (a
// bearer JWT), described by a record that is never stored.
// kCalendarFeed: the secret of a person's calendar feed URL (issue #14
// item 4); it opens that feed only, never another method.
enum class TokenKind { kApi = 1, kSession = 2, kProvider = 3, kCalendarFeed = 4 };

struct TokenRecord {
  std::string id;
  std::string secret_hash;  // SHA-256 of the secret, raw bytes
  std::string person_id;    // required for EMPLOYEE and MANAGER, and for sessions
  Grant grant = Grant::kUnspecified;
  std::string description;
  Time created_at = 0;
  std::optional<Time> expires_at;
  std::optional<Time> revoked_at;
  TokenKind kind = TokenKind::kApi;
  Time idle_timeout = 0;             // sessions: ended after this long unused (0: never)
  std::optional<Time> last_used_at;  // sessions: the last use recorded (coarse: auth/token_cache.h)
  std::string issuer;                // sessions: the OpenID provider ...
  std::string subject;               // ... and its `sub` for the person
};

// A sign-in under way (issue #12): what the answer of the OpenID provider
// is checked against, kept until it comes back or is too old. Found by the
// hash of the `state` sent along.
struct SignInRequest {
  std::string state_hash;     // SHA-256 of `state`, raw bytes
  std::string nonce;          // the ID token must carry it
  std::string code_verifier;  // PKCE (RFC 7636): sent with the code
  std::string return_to;      // a path of ours to go back to
  Time created_at = 0;
};

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
  // What they said on others' plans: (plan id, comment), oldest first.
  std::vector<std::pair<std::string, PlanComment>> comments_given;
  std::vector<TokenRecord> tokens;            // without secrets (only hashes are stored)
  std::vector<AuditEvent> audit;              // events about them, oldest first
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

}  // namespace skillpath::core
