#pragma once
// Sign-in with the organisation's OpenID provider (issue #12), the server
// being the OpenID Connect client, so that no token ever reaches the page:
// the authorization code flow with PKCE (S256), `state` and `nonce`
// (OpenID Connect Core 1.0 §3.1). Start stores what the provider's answer
// must match and gives the URL to send the browser to; Finish takes that
// answer once, exchanges the code at the token endpoint (client_secret_basic
// or _post, as the provider offers, or private_key_jwt), verifies the ID token (auth/oidc),
// finds the person it names and mints a session (auth/tokens.h) with the
// grant core/access/sign_in_grant.h decides. People are never created by
// signing in. Every sign-in and every refusal is audited.
//
// Both block on the network and the writer: call them from a worker
// thread, never from a gRPC callback or the HTTP I/O thread.

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "auth/audit_trail.h"
#include "auth/oidc/client_key.h"
#include "auth/oidc/fetch.h"
#include "auth/oidc/provider.h"
#include "auth/tokens.h"
#include "core/access/sign_in_grant.h"
#include "db/read_pool.h"
#include "db/writer.h"

namespace skillpath::services {

struct SignInOptions {
  std::string client_id;
  std::string client_secret;
  // private_key_jwt instead of the secret (OpenID Connect Core §9), when set.
  std::shared_ptr<const oidc::ClientKey> client_key;
  std::string redirect_uri;  // <public-url>/auth/callback, as registered at the provider
  std::string scopes = "openid email profile";
  // Which claim names the person, and whether it is their e-mail address or
  // their id in skillpath.
  std::string person_claim = "email";
  enum class PersonField { kEmail, kId } person_field = PersonField::kEmail;
  std::string grants_claim = "groups";
  core::GrantMapping grants;
  core::Time idle_timeout = 30 * 60 * core::kMicrosPerSecond;
  core::Time lifetime = 10 * 3600 * core::kMicrosPerSecond;
  core::Time request_lifetime = 10 * 60 * core::kMicrosPerSecond;  // browser at the provider at most this long
  // At most this many sign-ins under way (started within request_lifetime):
  // beyond it Start answers RESOURCE_EXHAUSTED, so that a flood of
  // GET /auth/login (which needs no account) cannot grow the table or keep
  // the writer busy without end. 20,000 in ten minutes is four times a
  // municipality of 5,000 arriving at once.
  size_t max_pending = 20000;
};

// Why a sign-in did not give a session, for the page the person sees.
enum class SignInRefusal {
  kNone,
  kUnknownPerson,      // the provider vouched for someone skillpath does not hold
  kInactive,           // a person set inactive
  kAmbiguous,          // the claim matches more than one person
  kExpiredOrReplayed,  // no sign-in under way for this answer (used, too old, or not ours)
  kProviderRefused,    // the provider answered with an error (e.g. the person cancelled)
  kTokenRefused,       // the ID token did not pass the checks
  kUnavailable,        // the provider or the database could not be reached
};

struct SignedIn {
  std::string session;  // "ses_<id>.<secret>": the cookie's value
  core::TokenRecord record;
  std::string person_name;
  std::string return_to;
};

// The person a token from the provider names: its `person_claim` matched
// by e-mail (any case) or id. NOT_FOUND when the token has no such claim or
// nobody matches, FAILED_PRECONDITION when several do, PERMISSION_DENIED
// for an inactive person (`person` set), another code when the database
// could not be read. `token_name` names the token in the messages.
struct ClaimedPerson {
  absl::Status status;
  std::optional<core::Person> person;
};
ClaimedPerson FindClaimedPerson(const oidc::VerifiedJwt& jwt, const SignInOptions& options, db::ReadPool& reads,
                                absl::string_view token_name);

class SignIn {
 public:
  SignIn(SignInOptions options, oidc::Provider& provider, oidc::Fetcher fetcher, db::Writer& writer,
         db::ReadPool& reads, AuditTrail& audit, std::function<core::Time()> now);

  // The provider's authorization URL for a new sign-in that comes back to
  // `return_to` (a path of ours; anything else becomes "/").
  absl::StatusOr<std::string> Start(const std::string& return_to);

  struct Result {
    absl::StatusOr<SignedIn> session;
    SignInRefusal refusal = SignInRefusal::kNone;
  };
  // The provider's answer at the redirect URI: `code` and `state`, or its
  // `error` and `error_description`.
  Result Finish(const std::string& code, const std::string& state, const std::string& error,
                const std::string& error_description);

  const SignInOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::string> ExchangeCode(const oidc::ProviderMetadata& metadata, const std::string& code,
                                           const std::string& verifier);
  Result Refuse(SignInRefusal why, absl::Status status, const std::string& subject);

  const SignInOptions options_;
  oidc::Provider& provider_;
  const oidc::Fetcher fetcher_;
  db::Writer& writer_;
  db::ReadPool& reads_;
  AuditTrail& audit_;
  const std::function<core::Time()> now_;
  absl::Mutex started_mu_;
  std::deque<core::Time> started_ ABSL_GUARDED_BY(started_mu_);  // within request_lifetime, oldest first
};

}  // namespace skillpath::services
