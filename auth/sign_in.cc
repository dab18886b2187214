#include "auth/sign_in.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "auth/oidc/jwt.h"
#include "auth/oidc/token_endpoint.h"

namespace skillpath::services {
namespace {

constexpr const char* kMethod = "auth/sign-in";

// A path of ours to go back to after signing in: "/..." but not "//host"
// (another site) and nothing that is not plain printable ASCII.
std::string SafeReturnPath(const std::string& path) {
  if (path.empty() || path[0] != '/' || absl::StartsWith(path, "//") || path.size() > 512) return "/";
  for (char c : path) {
    if (c <= 0x20 || c >= 0x7f || c == '\\') return "/";
  }
  return path;
}

bool Offers(const std::vector<std::string>& supported, const std::string& method) {
  return std::find(supported.begin(), supported.end(), method) != supported.end();
}

// At most `n` bytes of what a provider sent, for a message.
std::string Shown(absl::string_view text, size_t n = 200) {
  std::string out;
  for (char c : text.substr(0, n)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

SignIn::SignIn(SignInOptions options, oidc::Provider& provider, oidc::Fetcher fetcher, db::Writer& writer,
               db::ReadPool& reads, AuditTrail& audit, std::function<core::Time()> now)
    : options_(std::move(options)),
      provider_(provider),
      fetcher_(std::move(fetcher)),
      writer_(writer),
      reads_(reads),
      audit_(audit),
      now_(std::move(now)) {}

absl::StatusOr<std::string> SignIn::Start(const std::string& return_to) {
  {
    const core::Time now = now_();
    absl::MutexLock lock(&started_mu_);
    while (!started_.empty() && started_.front() < now - options_.request_lifetime) started_.pop_front();
    if (started_.size() >= options_.max_pending) {
      return absl::ResourceExhaustedError(
          absl::StrCat("more than ", options_.max_pending, " sign-ins under way: try again in a few minutes"));
    }
    started_.push_back(now);
  }
  absl::StatusOr<oidc::ProviderMetadata> metadata = provider_.Metadata();
  if (!metadata.ok()) return metadata.status();
  const std::string state = RandomSecret(32);
  core::SignInRequest request;
  request.state_hash = Sha256(state);
  request.nonce = RandomSecret(32);
  request.code_verifier = RandomSecret(32);  // 43 characters of the unreserved set (RFC 7636 §4.1)
  request.return_to = SafeReturnPath(return_to);
  request.created_at = now_();
  const core::Time too_old = request.created_at - options_.request_lifetime;
  absl::Status stored = writer_.RunAndWait([&](core::Repositories& repos) -> absl::Status {
    if (absl::StatusOr<int64_t> purged = repos.access.PurgeSignInRequestsBefore(too_old); !purged.ok()) {
      return purged.status();
    }
    return repos.access.PutSignInRequest(request);
  });
  if (!stored.ok()) return stored;
  const std::string& endpoint = metadata->authorization_endpoint;
  return absl::StrCat(endpoint, endpoint.find('?') == std::string::npos ? "?" : "&",
                      oidc::FormEncode({{"response_type", "code"},
                                        {"client_id", options_.client_id},
                                        {"redirect_uri", options_.redirect_uri},
                                        {"scope", options_.scopes},
                                        {"state", state},
                                        {"nonce", request.nonce},
                                        {"code_challenge", oidc::Base64UrlEncode(Sha256(request.code_verifier))},
                                        {"code_challenge_method", "S256"}}));
}

absl::StatusOr<std::string> SignIn::ExchangeCode(const oidc::ProviderMetadata& metadata, const std::string& code,
                                                 const std::string& verifier) {
  std::vector<std::pair<std::string, std::string>> form = {{"grant_type", "authorization_code"},
                                                           {"code", code},
                                                           {"redirect_uri", options_.redirect_uri},
                                                           {"code_verifier", verifier}};
  std::vector<std::pair<std::string, std::string>> headers;
  const std::vector<std::string>& methods = metadata.token_endpoint_auth_methods_supported;
  // client_secret_basic is the default where the provider lists nothing
  // (OpenID Connect Discovery 1.0 §3).
  if (options_.client_key) {
    if (!methods.empty() && !Offers(methods, "private_key_jwt")) {
      return absl::FailedPreconditionError("the provider does not offer private_key_jwt at its token endpoint");
    }
    absl::StatusOr<std::string> assertion =
        options_.client_key->Assertion(options_.client_id, metadata.token_endpoint, now_() / core::kMicrosPerSecond);
    if (!assertion.ok()) return assertion.status();
    form.push_back({"client_id", options_.client_id});
    form.push_back({"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"});
    form.push_back({"client_assertion", *assertion});
  } else if (methods.empty() || Offers(methods, "client_secret_basic")) {
    // RFC 6749 §2.3.1: each part form-encoded before base64.
    const std::string id = oidc::FormEncode({{"x", options_.client_id}}).substr(2);
    const std::string secret = oidc::FormEncode({{"x", options_.client_secret}}).substr(2);
    headers = {{"Authorization", "Basic " + absl::Base64Escape(id + ":" + secret)}};
  } else if (Offers(methods, "client_secret_post")) {
    form.push_back({"client_id", options_.client_id});
    form.push_back({"client_secret", options_.client_secret});
  } else {
    return absl::FailedPreconditionError(
        "the provider offers neither client_secret_basic nor client_secret_post at its token endpoint");
  }
  absl::StatusOr<oidc::TokenAnswer> answer = oidc::PostForm(fetcher_, metadata.token_endpoint, form, headers);
  if (!answer.ok()) return answer.status();
  if (!answer->error.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the provider refused the code (HTTP ", answer->http_status, "): ", oidc::RefusalText(*answer)));
  }
  if (answer->id_token.empty()) return absl::UnauthenticatedError("the provider's token response holds no id_token");
  return answer->id_token;
}

SignIn::Result SignIn::Refuse(SignInRefusal why, absl::Status status, const std::string& subject) {
  core::AuditEvent event;
  event.at = now_();
  event.method = kMethod;
  event.subject = subject;
  event.outcome = absl::StrCat("REFUSED: ", Shown(status.message(), 300));
  audit_.Record(std::move(event));
  return {std::move(status), why};
}

ClaimedPerson FindClaimedPerson(const oidc::VerifiedJwt& jwt, const SignInOptions& options, db::ReadPool& reads,
                                absl::string_view token_name) {
  const std::optional<std::string> claim = jwt.String(options.person_claim);
  if (!claim || claim->empty()) {
    return {absl::NotFoundError(absl::StrCat("the ", token_name, " has no '", options.person_claim, "' claim")), {}};
  }
  std::vector<core::Person> found;
  absl::Status looked = reads.With([&](core::Repositories& repos) -> absl::Status {
    if (options.person_field == SignInOptions::PersonField::kEmail) {
      absl::StatusOr<std::vector<core::Person>> people = repos.org.FindPeopleByEmail(*claim);
      if (!people.ok()) return people.status();
      found = *std::move(people);
    } else {
      absl::StatusOr<std::optional<core::Person>> person = repos.org.FindPerson(*claim);
      if (!person.ok()) return person.status();
      if (*person) found.push_back(**person);
    }
    return absl::OkStatus();
  });
  if (!looked.ok()) return {looked, {}};
  const char* field = options.person_field == SignInOptions::PersonField::kEmail ? "e-mail" : "id";
  if (found.empty()) {
    return {absl::NotFoundError(absl::StrCat("no person with ", field, " '", Shown(*claim, 120), "'")), {}};
  }
  if (found.size() > 1) {
    return {absl::FailedPreconditionError(absl::StrCat(found.size(), " people have ", field, " '", Shown(*claim, 120), "'")),
            {}};
  }
  if (!found.front().active) return {absl::PermissionDeniedError("the person is inactive"), found.front()};
  return {absl::OkStatus(), found.front()};
}

SignIn::Result SignIn::Finish(const std::string& code, const std::string& state, const std::string& error,
                              const std::string& error_description) {
  const core::Time now = now_();
  std::optional<core::SignInRequest> request;
  if (!state.empty()) {
    absl::Status taken = writer_.RunAndWait([&](core::Repositories& repos) -> absl::Status {
      absl::StatusOr<std::optional<core::SignInRequest>> found = repos.access.TakeSignInRequest(Sha256(state));
      if (!found.ok()) return found.status();
      request = *std::move(found);
      return absl::OkStatus();
    });
    if (!taken.ok()) return Refuse(SignInRefusal::kUnavailable, taken, "");
  }
  if (!request || now - request->created_at > options_.request_lifetime) {
    return Refuse(SignInRefusal::kExpiredOrReplayed,
                  absl::FailedPreconditionError("no sign-in under way for this answer: used before, too old, or "
                                                "not started here"),
                  "");
  }
  if (!error.empty()) {
    return Refuse(SignInRefusal::kProviderRefused,
                  absl::UnauthenticatedError(
                      absl::StrCat("the provider answered ", Shown(error, 60), ": ", Shown(error_description))),
                  "");
  }
  if (code.empty()) {
    return Refuse(SignInRefusal::kProviderRefused, absl::UnauthenticatedError("the provider's answer has no code"), "");
  }
  absl::StatusOr<oidc::ProviderMetadata> metadata = provider_.Metadata();
  if (!metadata.ok()) return Refuse(SignInRefusal::kUnavailable, metadata.status(), "");
  absl::StatusOr<std::string> id_token = ExchangeCode(*metadata, code, request->code_verifier);
  if (!id_token.ok()) {
    return Refuse(absl::IsUnavailable(id_token.status()) ? SignInRefusal::kUnavailable : SignInRefusal::kTokenRefused,
                  id_token.status(), "");
  }
  oidc::Expectations expect;
  expect.issuer = metadata->issuer;
  expect.audience = options_.client_id;
  expect.nonce = request->nonce;
  expect.now = now / core::kMicrosPerSecond;
  absl::StatusOr<oidc::VerifiedJwt> jwt = provider_.Verify(*id_token, expect);
  if (!jwt.ok()) {
    return Refuse(absl::IsUnavailable(jwt.status()) ? SignInRefusal::kUnavailable : SignInRefusal::kTokenRefused,
                  absl::UnauthenticatedError(jwt.status().message()), "");
  }

  // Whom the provider vouched for.
  ClaimedPerson claimed = FindClaimedPerson(*jwt, options_, reads_, "ID token");
  if (!claimed.status.ok()) {
    const SignInRefusal why = absl::IsNotFound(claimed.status)             ? SignInRefusal::kUnknownPerson
                              : absl::IsFailedPrecondition(claimed.status) ? SignInRefusal::kAmbiguous
                              : absl::IsPermissionDenied(claimed.status)   ? SignInRefusal::kInactive
                                                                           : SignInRefusal::kUnavailable;
    return Refuse(why, claimed.status, claimed.person ? claimed.person->id : "");
  }
  const core::Person& person = *claimed.person;
  const core::Grant grant = core::SignInGrant(person, jwt->Strings(options_.grants_claim), options_.grants);
  absl::StatusOr<MintedToken> minted =
      MintSession({person.id, grant, metadata->issuer, jwt->subject}, options_.idle_timeout, options_.lifetime, now);
  if (!minted.ok()) return Refuse(SignInRefusal::kTokenRefused, minted.status(), person.id);
  core::AuditEvent event;
  event.at = now;
  event.actor_token = minted->record.id;
  event.actor_person = person.id;
  event.method = kMethod;
  event.subject = person.id;
  event.outcome = absl::StrCat("OK: ", core::GrantName(grant), " via ", Shown(metadata->issuer));
  // The session and its record commit together.
  absl::Status stored = writer_.RunAndWait([&](core::Repositories& repos) -> absl::Status {
    if (absl::Status s = repos.access.PutToken(minted->record); !s.ok()) return s;
    return repos.access.AppendAudit(event);
  });
  if (!stored.ok()) return Refuse(SignInRefusal::kUnavailable, stored, person.id);
  SignedIn done;
  done.session = minted->token;
  done.record = minted->record;
  done.person_name = person.name;
  done.return_to = request->return_to;
  return {std::move(done), SignInRefusal::kNone};
}

}  // namespace skillpath::services
