#pragma once
// JSON Web Tokens as OpenID Connect uses them: a provider's key set (JWKS,
// RFC 7517) and the check of a compact JWS (RFC 7515) signed with RS256 or
// ES256 by one of its keys, then of its claims (RFC 7519; OpenID Connect
// Core 1.0 §3.1.3.7 for ID tokens). OpenSSL checks the signatures (EVP);
// this file only takes the token apart and decides what the claims must say.
// JSON is read with protobuf's parser into google.protobuf.Struct.
//
// Every refusal is UNAUTHENTICATED with the reason (never the token itself),
// except a key the set does not hold: NOT_FOUND, so that the caller can
// fetch the provider's keys again (key rotation) and retry once.

#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace skillpath::oidc {

// The algorithms we verify. Never "none" and never a shared-secret HMAC,
// which would let a public key be used as a secret.
enum class Algorithm { kRS256, kES256 };

// A provider's signing keys.
class Jwks {
 public:
  // Parses {"keys": [...]}. Keys we cannot verify with (encryption keys,
  // other key types or curves, RSA under 2048 bits) are left out;
  // INVALID_ARGUMENT for a document that is not a key set or a signing key
  // whose fields are malformed.
  static absl::StatusOr<Jwks> Parse(absl::string_view json);

  struct Key {
    std::string kid;  // may be empty
    Algorithm algorithm;
    std::shared_ptr<EVP_PKEY> key;
  };
  const std::vector<Key>& keys() const { return keys_; }

  // The key for a token's header: by kid, or the only key of the algorithm
  // when the token names none. Null when there is no such key.
  const Key* Find(absl::string_view kid, Algorithm algorithm) const;

 private:
  std::vector<Key> keys_;
};

// What the claims must say.
struct Expectations {
  std::string issuer;    // `iss`, exactly
  std::string audience;  // one of `aud`; with several, `azp` must name it
  // An ID token's `nonce`, as the sign-in sent it; unset for access tokens.
  std::optional<std::string> nonce;
  // An access token rather than an ID token: `azp`, if any, names the
  // client that asked for it and is not checked against the audience.
  bool access_token = false;
  int64_t now = 0;            // seconds since the epoch
  int64_t skew_seconds = 60;  // allowed clock difference either way
};

struct VerifiedJwt {
  google::protobuf::Struct header;
  google::protobuf::Struct claims;
  std::string subject;     // `sub`
  int64_t expires_at = 0;  // `exp`, seconds since the epoch

  // A claim that is a string; a number is given as its decimal form.
  std::optional<std::string> String(absl::string_view name) const;
  // A claim that is a string or a list of strings (e.g. `groups`, `roles`).
  std::vector<std::string> Strings(absl::string_view name) const;
};

// Checks the signature of `token` with `keys`, then its claims.
absl::StatusOr<VerifiedJwt> Verify(absl::string_view token, const Jwks& keys, const Expectations& expect);

// base64url without padding (RFC 7515 §2), as JOSE writes it.
std::string Base64UrlEncode(absl::string_view bytes);
std::optional<std::string> Base64UrlDecode(absl::string_view text);

// Parses a JSON object (a token's header or claims, a JWKS, a discovery
// document or a token response); INVALID_ARGUMENT naming `what`.
absl::StatusOr<google::protobuf::Struct> ParseJsonObject(absl::string_view json, absl::string_view what);
// A member of such an object that is a string ("" otherwise), and one that
// is a string or a list of strings (the strings in it).
std::string StringMember(const google::protobuf::Struct& object, absl::string_view name);
std::vector<std::string> StringsMember(const google::protobuf::Struct& object, absl::string_view name);

}  // namespace skillpath::oidc
