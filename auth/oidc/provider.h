#pragma once
// An OpenID provider as skillpath uses it: its discovery document (OpenID
// Connect Discovery 1.0 §3, from <issuer>/.well-known/openid-configuration)
// and its signing keys, fetched on first use and kept. A token signed with a
// key the cached set does not hold makes the set be fetched again (the
// provider rotated its keys), at most once per `refetch_interval`, so that
// tokens with made-up key ids cannot make skillpath flood the provider; a
// token with a new key can thus be refused for that long after a fetch.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "auth/oidc/fetch.h"
#include "auth/oidc/jwt.h"

namespace skillpath::oidc {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;              // may be empty
  std::string end_session_endpoint;           // may be empty (RP-initiated logout)
  std::string device_authorization_endpoint;  // may be empty (RFC 8628)
  std::string revocation_endpoint;            // may be empty (RFC 7009)
  std::vector<std::string> code_challenge_methods_supported;
  std::vector<std::string> token_endpoint_auth_methods_supported;
  std::vector<std::string> id_token_signing_alg_values_supported;
};

// Reads a discovery document for `issuer`: its `issuer` must be the same
// string (§4.3), and every endpoint https (http only on loopback).
// INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<ProviderMetadata> ParseDiscovery(absl::string_view json, absl::string_view issuer);

class Provider {
 public:
  struct Options {
    std::string issuer;
    std::chrono::seconds refetch_interval{10};
    // Seconds since the epoch, for the refetch interval (not the tokens'
    // times: Expectations::now); replaceable in tests.
    std::function<int64_t()> now;
  };
  Provider(Options options, Fetcher fetcher);

  // The discovery document, fetched the first time and kept. A failure
  // (UNAVAILABLE when the provider cannot be reached) is answered again
  // without asking until `refetch_interval` has passed, so that calls do
  // not each wait for a provider that is down.
  absl::StatusOr<ProviderMetadata> Metadata();

  // Verifies `token` (jwt.h) against the provider's keys, fetching them
  // again once if the token's key is not among them.
  absl::StatusOr<VerifiedJwt> Verify(absl::string_view token, Expectations expect);

  // How many times the key set was fetched (for tests and metrics).
  int key_fetches() const;

 private:
  absl::StatusOr<std::shared_ptr<const Jwks>> FetchKeys(const std::string& jwks_uri);
  absl::StatusOr<std::string> Get(const std::string& url, absl::string_view what);

  const Options options_;
  const Fetcher fetcher_;
  mutable absl::Mutex mu_;
  std::optional<ProviderMetadata> metadata_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const Jwks> keys_ ABSL_GUARDED_BY(mu_);
  int64_t keys_fetched_at_ ABSL_GUARDED_BY(mu_) = 0;
  int key_fetches_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status key_failure_ ABSL_GUARDED_BY(mu_);  // of the last fetch of the keys
  absl::Status discovery_failure_ ABSL_GUARDED_BY(mu_);
  int64_t discovery_failed_at_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace skillpath::oidc
