#pragma once
// private_key_jwt client authentication (OpenID Connect Core 1.0 §9,
// RFC 7523 §2.2): instead of a shared secret, skillpath proves who it is at
// the provider's token endpoint with a short JWT signed by its own private
// key, whose public half is registered at the provider (Entra ID:
// certificates; ID-porten requires it). OpenSSL signs (EVP).

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "auth/oidc/jwt.h"

namespace skillpath::oidc {

class ClientKey {
 public:
  // A PEM private key, RSA (2048 bits or more: RS256) or EC P-256 (ES256);
  // `kid` names it for the provider ("" for none). INVALID_ARGUMENT naming
  // `flag` for anything else.
  static absl::StatusOr<ClientKey> FromPem(const std::string& pem, std::string kid, const std::string& flag);

  // The client assertion for `client_id` at `token_endpoint` (its `aud`),
  // valid for two minutes from `now` (seconds since the epoch), with a
  // random jti so that it cannot be replayed.
  absl::StatusOr<std::string> Assertion(const std::string& client_id, const std::string& token_endpoint,
                                        int64_t now) const;

  Algorithm algorithm() const { return algorithm_; }

 private:
  std::shared_ptr<EVP_PKEY> key_;
  Algorithm algorithm_ = Algorithm::kRS256;
  std::string kid_;
};

}  // namespace skillpath::oidc
