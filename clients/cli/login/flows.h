#pragma once
// `skillpath login`'s ways to an access token from the organisation's
// OpenID provider (issue #12), as a public client (no secret):
// - DeviceLogin: the device authorization grant (RFC 8628), where the
//   provider offers it: the person opens a page anywhere and confirms a
//   code, and the command line polls until they have;
// - BrowserLogin: a browser on this machine, the provider redirecting to a
//   one-shot listener on 127.0.0.1 (RFC 8252 §7.3) with PKCE (RFC 7636);
// - Refresh: a new access token with the refresh token (RFC 6749 §6), the
//   old refresh token replaced when the provider rotates it;
// - Revoke: the refresh token revoked at logout (RFC 7009), where offered.

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "auth/oidc/fetch.h"
#include "auth/oidc/provider.h"
#include "auth/oidc/token_endpoint.h"
#include "clients/cli/login/credentials.h"

namespace skillpath::cli {

struct LoginSettings {
  std::string client_id;
  std::string scope;
  std::string resource;  // RFC 8707; empty: none asked for
};

struct LoginContext {
  const oidc::Fetcher& fetcher;
  oidc::ProviderMetadata provider;
  LoginSettings settings;
  std::function<int64_t()> now;                  // seconds since the epoch
  std::function<void(int64_t seconds)> sleep;    // between polls
};

// What to tell the person goes to `out`. UNAVAILABLE when the provider
// cannot be reached; PERMISSION_DENIED when the person refused;
// DEADLINE_EXCEEDED when the code ran out first; UNAUTHENTICATED with the
// provider's reason for any other refusal.
absl::StatusOr<Credentials> DeviceLogin(const LoginContext& login, std::ostream& out);

// `open_browser`: also try xdg-open on the URL (it is always printed).
// DEADLINE_EXCEEDED after `timeout` without an answer.
absl::StatusOr<Credentials> BrowserLogin(const LoginContext& login, std::ostream& out, bool open_browser,
                                         std::chrono::seconds timeout);

// The credentials with a fresh access token; UNAUTHENTICATED when the
// provider no longer accepts the refresh token (log in again).
absl::StatusOr<Credentials> Refresh(const oidc::Fetcher& fetcher, const Credentials& old, int64_t now);

// Revokes the refresh token (or the access token, without one) where the
// provider has a revocation endpoint; OK when it has none.
absl::Status Revoke(const oidc::Fetcher& fetcher, const Credentials& credentials);

// Shared by the flows: the credentials a token answer gives, and a form
// with the RFC 8707 resource added when there is one.
absl::StatusOr<Credentials> CredentialsOf(const LoginContext& login, const oidc::TokenAnswer& answer, int64_t now);
std::vector<std::pair<std::string, std::string>> WithResource(std::vector<std::pair<std::string, std::string>> form,
                                                              const std::string& resource);

}  // namespace skillpath::cli
