#pragma once
// API tokens: minting ("<id>.<secret>", 256 random bits of secret from
// OpenSSL's CSPRNG, only its SHA-256 kept) and checking a presented token
// in constant time against the stored hash, with expiry and revocation.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/access/access.h"
#include "core/model/auth.h"
#include "core/ports/repository.h"

namespace skillpath::services {

struct MintedToken {
  core::TokenRecord record;  // what is stored
  std::string token;         // what the holder gets, shown once
};

// A new token; the record is validated (a person for EMPLOYEE and MANAGER).
absl::StatusOr<MintedToken> MintToken(core::Grant grant, const std::string& person_id,
                                      std::optional<core::Time> expires_at, const std::string& description,
                                      core::Time now);

// Whom a sign-in vouched for and what they may do (issue #12).
struct SessionGrant {
  std::string person_id;
  core::Grant grant = core::Grant::kEmployee;
  std::string issuer;   // the OpenID provider
  std::string subject;  // its `sub`
};

// A new sign-in session ("ses_<id>.<secret>", kept as API tokens are): it
// ends `lifetime` after `now`, or after `idle_timeout` without use.
absl::StatusOr<MintedToken> MintSession(const SessionGrant& who, core::Time idle_timeout, core::Time lifetime,
                                        core::Time now);

// A person's calendar feed secret ("cal_<id>.<secret>", kept as API tokens
// are): an EMPLOYEE record of kind kCalendarFeed, which Call::Start admits
// for PlanService.GetCalendarFeed only.
absl::StatusOr<MintedToken> MintCalendarFeed(const std::string& person_id, core::Time now);

// The caller (grant, person, a MANAGER's units) and the token they used.
struct Principal : core::Caller {
  std::string token_id;
  core::TokenKind kind = core::TokenKind::kApi;
  // A provider's access token (kind kProvider): what WhoAmI tells of it,
  // since no record of it is stored. Null for stored tokens and sessions.
  std::shared_ptr<const core::TokenRecord> provider_token;
};

// The principal a valid token record stands for (without a manager's units,
// which come from the person).
Principal PrincipalOf(const core::TokenRecord& record);

// The principal a presented `authorization` value ("Bearer <token>", the
// scheme in any case; a bare token is refused) stands for; UNAUTHENTICATED
// for a missing, malformed, unknown, wrong, expired or revoked token or
// another scheme (the message says which, never the secret). The server
// authenticates through TokenCache (auth/token_cache.h), which uses the two
// steps below; this one-step form is for tests.
absl::StatusOr<Principal> AuthenticateForTest(const std::string& presented, core::TokenRepository& tokens,
                                              core::Time now);

// The same in two steps, for a caller that looks records up itself:
// SplitToken checks the form and gives the id and the secret (views into
// `presented`); CheckSecret compares in constant time and checks expiry and
// revocation (`record` nullptr: unknown id).
absl::StatusOr<std::pair<absl::string_view, absl::string_view>> SplitToken(absl::string_view presented);
// The token of a presented `authorization` value: what follows "Bearer ".
absl::StatusOr<absl::string_view> BearerValue(absl::string_view presented);
// Whether a bearer value is a JWT (three base64url parts) rather than one of
// ours ("<id>.<secret>").
bool IsJwt(absl::string_view bearer);
absl::Status CheckSecret(absl::string_view id, absl::string_view secret, const core::TokenRecord* record,
                         core::Time now);
// The checks after the secret: not revoked, not expired.
absl::Status CheckValidity(absl::string_view id, const core::TokenRecord& record, core::Time now);

// `bytes` random bytes from OpenSSL's CSPRNG, base64url without padding
// (state, nonce and PKCE verifiers of a sign-in).
std::string RandomSecret(size_t bytes);

// SHA-256 of `data`, raw bytes.
std::string Sha256(const std::string& data);

// What stands for an erased person in the audit log: "erased:" and 32 hex
// digits of HMAC-SHA256(salt, person_id). Stable for one database (the same
// person erased twice gets the same pseudonym), not reversible without the
// salt.
std::string Pseudonym(const std::string& salt, const std::string& person_id);

}  // namespace skillpath::services
