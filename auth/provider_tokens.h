#pragma once
// Access tokens from the organisation's OpenID provider as credentials on
// the API (issue #12): `authorization: Bearer <JWT>` on the gRPC and HTTP
// ports, e.g. what `skillpath login` got, alongside the API tokens. The
// token must be signed by the provider (its keys, refetched on rotation:
// auth/oidc/provider.h), name it as `iss`, be issued for `audience`, be
// valid now (a minute of skew) and not be an ID token (one carrying a
// `nonce`: those are for the client that signed in, not for APIs). The
// person and the grant are decided as at sign-in (FindClaimedPerson,
// core/access/sign_in_grant.h), afresh for every token.
//
// Nothing of the token is stored; TokenCache (auth/token_cache.h) keeps the
// answer a short while. The first token after a start or a key rotation
// waits for one fetch of the provider's keys (at most Fetcher's timeout);
// refetches are rate-limited by the Provider.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "auth/oidc/provider.h"
#include "auth/sign_in.h"
#include "auth/tokens.h"
#include "db/read_pool.h"

namespace skillpath::services {

class ProviderTokens {
 public:
  // `identity`: the claims that name the person and carry the groups, and
  // the grant mapping (the sign-in's settings; the client's are unused).
  ProviderTokens(SignInOptions identity, std::string audience, oidc::Provider& provider, db::ReadPool& reads);

  // The principal `jwt` stands for: UNAUTHENTICATED with the reason (never
  // the token) when it is not acceptable, PERMISSION_DENIED for an inactive
  // person, UNAVAILABLE when the provider's keys cannot be fetched.
  absl::StatusOr<Principal> Authenticate(absl::string_view jwt, core::Time now);

  // What a token that names this provider identity is called in the audit
  // log: "jwt_" and 16 hex digits of SHA-256(issuer, subject), the same for
  // every token of one person.
  static std::string TokenId(const std::string& issuer, const std::string& subject);

  const std::string& audience() const { return audience_; }

 private:
  const SignInOptions identity_;
  const std::string audience_;
  oidc::Provider& provider_;
  db::ReadPool& reads_;
};

}  // namespace skillpath::services
