#include "auth/oidc/provider.h"

#include "absl/strings/str_cat.h"

namespace skillpath::oidc {
namespace {

using google::protobuf::Struct;

absl::Status CheckEndpoint(const std::string& name, const std::string& url, bool required) {
  if (url.empty()) {
    return required ? absl::InvalidArgumentError(absl::StrCat("discovery: ", name, " is missing")) : absl::OkStatus();
  }
  if (!IsHttpsOrLoopback(url)) {
    return absl::InvalidArgumentError(absl::StrCat("discovery: ", name, " '", url.substr(0, 200),
                                                   "' must be https (http only on a loopback address)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ProviderMetadata> ParseDiscovery(absl::string_view json, absl::string_view issuer) {
  absl::StatusOr<Struct> doc = ParseJsonObject(json, "the discovery document");
  if (!doc.ok()) return doc.status();
  ProviderMetadata m;
  m.issuer = StringMember(*doc, "issuer");
  if (m.issuer != issuer) {
    return absl::InvalidArgumentError(
        absl::StrCat("discovery: issuer is '", m.issuer.substr(0, 200), "', not the configured '", issuer, "'"));
  }
  m.authorization_endpoint = StringMember(*doc, "authorization_endpoint");
  m.token_endpoint = StringMember(*doc, "token_endpoint");
  m.jwks_uri = StringMember(*doc, "jwks_uri");
  m.userinfo_endpoint = StringMember(*doc, "userinfo_endpoint");
  m.end_session_endpoint = StringMember(*doc, "end_session_endpoint");
  m.device_authorization_endpoint = StringMember(*doc, "device_authorization_endpoint");
  m.revocation_endpoint = StringMember(*doc, "revocation_endpoint");
  for (const auto& [name, url, required] :
       {std::tuple<const char*, const std::string&, bool>{"authorization_endpoint", m.authorization_endpoint, true},
        {"token_endpoint", m.token_endpoint, true},
        {"jwks_uri", m.jwks_uri, true},
        {"userinfo_endpoint", m.userinfo_endpoint, false},
        {"end_session_endpoint", m.end_session_endpoint, false},
        {"device_authorization_endpoint", m.device_authorization_endpoint, false},
        {"revocation_endpoint", m.revocation_endpoint, false}}) {
    if (absl::Status s = CheckEndpoint(name, url, required); !s.ok()) return s;
  }
  m.code_challenge_methods_supported = StringsMember(*doc, "code_challenge_methods_supported");
  m.token_endpoint_auth_methods_supported = StringsMember(*doc, "token_endpoint_auth_methods_supported");
  m.id_token_signing_alg_values_supported = StringsMember(*doc, "id_token_signing_alg_values_supported");
  return m;
}

Provider::Provider(Options options, Fetcher fetcher) : options_(std::move(options)), fetcher_(std::move(fetcher)) {}

absl::StatusOr<std::string> Provider::Get(const std::string& url, absl::string_view what) {
  absl::StatusOr<HttpResponse> response = fetcher_.Fetch({url, "", {}});
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat("the provider answered ", response->status, " for its ", what));
  }
  return std::move(response->body);
}

absl::StatusOr<ProviderMetadata> Provider::Metadata() {
  {
    absl::MutexLock lock(&mu_);
    if (metadata_) return *metadata_;
    if (!discovery_failure_.ok() && options_.now() - discovery_failed_at_ < options_.refetch_interval.count()) {
      return discovery_failure_;
    }
  }
  std::string issuer = options_.issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  absl::StatusOr<ProviderMetadata> parsed = [&]() -> absl::StatusOr<ProviderMetadata> {
    absl::StatusOr<std::string> body = Get(issuer + "/.well-known/openid-configuration", "discovery document");
    if (!body.ok()) return body.status();
    return ParseDiscovery(*body, options_.issuer);
  }();
  absl::MutexLock lock(&mu_);
  if (!parsed.ok()) {
    discovery_failure_ = parsed.status();
    discovery_failed_at_ = options_.now();
    return parsed.status();
  }
  metadata_ = *parsed;
  return *parsed;
}

absl::StatusOr<std::shared_ptr<const Jwks>> Provider::FetchKeys(const std::string& jwks_uri) {
  absl::StatusOr<std::string> body = Get(jwks_uri, "keys");
  if (!body.ok()) return body.status();
  absl::StatusOr<Jwks> keys = Jwks::Parse(*body);
  if (!keys.ok()) return keys.status();
  return std::make_shared<const Jwks>(*std::move(keys));
}

absl::StatusOr<VerifiedJwt> Provider::Verify(absl::string_view token, Expectations expect) {
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  if (expect.issuer.empty()) expect.issuer = metadata->issuer;
  std::shared_ptr<const Jwks> keys;
  {
    absl::MutexLock lock(&mu_);
    keys = keys_;
  }
  absl::StatusOr<VerifiedJwt> verified = absl::NotFoundError("no keys yet");
  if (keys) verified = oidc::Verify(token, *keys, expect);
  if (!absl::IsNotFound(verified.status())) return verified;
  // An unknown key (or none fetched yet): fetch the set again, unless it was
  // fetched a moment ago.
  {
    absl::MutexLock lock(&mu_);
    const int64_t now = options_.now();
    if (keys_ && keys_ != keys) {
      keys = keys_;  // another call fetched it meanwhile
    } else if (key_fetches_ > 0 && now - keys_fetched_at_ < options_.refetch_interval.count()) {
      return keys_ || key_failure_.ok() ? verified.status() : key_failure_;
    } else {
      keys_fetched_at_ = now;
      ++key_fetches_;
      keys = nullptr;
    }
  }
  if (!keys) {
    absl::StatusOr<std::shared_ptr<const Jwks>> fetched = FetchKeys(metadata->jwks_uri);
    absl::MutexLock lock(&mu_);
    key_failure_ = fetched.status();
    if (!fetched.ok()) return fetched.status();
    keys = *fetched;
    keys_ = keys;
  }
  return oidc::Verify(token, *keys, expect);
}

int Provider::key_fetches() const {
  absl::MutexLock lock(&mu_);
  return key_fetches_;
}

}  // namespace skillpath::oidc
