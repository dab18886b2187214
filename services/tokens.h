#pragma once
// API tokens: minting ("<id>.<secret>", 256 random bits of secret from
// OpenSSL's CSPRNG, only its SHA-256 kept) and checking a presented token
// in constant time against the stored hash, with expiry and revocation.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/access.h"
#include "core/auth.h"

namespace skillpath::services {

struct MintedToken {
  core::TokenRecord record;  // what is stored
  std::string token;         // what the holder gets, shown once
};

// A new token; the record is validated (a person for EMPLOYEE and MANAGER).
absl::StatusOr<MintedToken> MintToken(core::Grant grant, const std::string& person_id,
                                      std::optional<core::Time> expires_at, const std::string& description,
                                      core::Time now);

struct Principal {
  std::string token_id;
  std::string person_id;
  core::Grant grant = core::Grant::kUnspecified;
  std::vector<std::string> manages_unit_ids;  // a MANAGER's units

  core::Caller caller() const { return core::Caller{grant, person_id, manages_unit_ids}; }
};

// The principal a presented token ("Bearer <token>" or the bare token)
// stands for; UNAUTHENTICATED for a missing, malformed, unknown, wrong,
// expired or revoked token (the message says which, never the secret).
absl::StatusOr<Principal> Authenticate(const std::string& presented, core::TokenRepository& tokens, core::Time now);

// SHA-256 of `data`, raw bytes.
std::string Sha256(const std::string& data);

// What stands for an erased person in the audit log: "erased:" and 32 hex
// digits of HMAC-SHA256(salt, person_id). Stable for one database (the same
// person erased twice gets the same pseudonym), not reversible without the
// salt.
std::string Pseudonym(const std::string& salt, const std::string& person_id);

}  // namespace skillpath::services
