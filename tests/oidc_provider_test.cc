// skillpath's side of OpenID Connect against a real provider: oidc-provider
// from npm (tests/oidc/provider.mjs) on loopback. Discovery, the keys, JWT
// access tokens it signs, a key rotation, and a provider that is not there
// yet.

#include "testing/process/oidc_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "auth/oidc/fetch.h"
#include "auth/oidc/provider.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using testing::OidcProviderProcess;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

class OidcProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/node_modules/oidc-provider"))
        << "oidc-provider is not installed: ./dev test installs it (npm ci in tests/oidc)";
    ASSERT_TRUE(StartProvider(0, "key-1")) << provider_->log();
  }

  bool StartProvider(int port, const std::string& kid) {
    OidcProviderProcess::Options options;
    options.port = port;
    options.kid = kid;
    provider_ = std::make_unique<OidcProviderProcess>(options);
    return provider_->Start();
  }
  int Port() const { return std::stoi(provider_->issuer().substr(provider_->issuer().rfind(':') + 1)); }

  // skillpath's view of the provider; its clock for refetching keys is
  // `clock_` (the tokens' times are checked against the real one).
  std::unique_ptr<oidc::Provider> Client() {
    oidc::Provider::Options options;
    options.issuer = provider_->issuer();
    options.refetch_interval = std::chrono::seconds(10);
    options.now = [this] { return clock_; };
    return std::make_unique<oidc::Provider>(options, oidc::Fetcher());
  }

  // A JWT access token for skillpath's API, by the client credentials grant.
  std::string AccessToken() {
    oidc::HttpRequest request;
    request.url = provider_->issuer() + "/token";
    request.form =
        oidc::FormEncode({{"grant_type", "client_credentials"}, {"scope", "api"}, {"resource", "urn:skillpath:api"}});
    request.headers = {{"Authorization", "Basic " + absl::Base64Escape("skillpath:skillpath-test-secret")}};
    absl::StatusOr<oidc::HttpResponse> response = oidc::Fetcher().Fetch(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return "";
    EXPECT_EQ(response->status, 200) << response->body;
    absl::StatusOr<google::protobuf::Struct> body = oidc::ParseJsonObject(response->body, "the token response");
    EXPECT_TRUE(body.ok()) << response->body;
    if (!body.ok()) return "";
    return body->fields().at("access_token").string_value();
  }

  static oidc::Expectations ForApi() {
    oidc::Expectations e;
    e.audience = "skillpath";
    e.now = Now();
    return e;
  }

  std::unique_ptr<OidcProviderProcess> provider_;
  int64_t clock_ = Now();
};

TEST_F(OidcProviderTest, DiscoversTheProviderAndItsEndpoints) {
  auto client = Client();
  absl::StatusOr<oidc::ProviderMetadata> m = client->Metadata();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->issuer, provider_->issuer());
  EXPECT_EQ(m->token_endpoint, provider_->issuer() + "/token");
  EXPECT_FALSE(m->jwks_uri.empty());
  EXPECT_FALSE(m->end_session_endpoint.empty()) << "RP-initiated logout is offered";
  EXPECT_FALSE(m->device_authorization_endpoint.empty()) << "the device grant is offered";
  EXPECT_THAT(m->code_challenge_methods_supported, ::testing::Contains("S256"));
}

TEST_F(OidcProviderTest, VerifiesTheAccessTokensItSigns) {
  auto client = Client();
  const std::string token = AccessToken();
  absl::StatusOr<oidc::VerifiedJwt> jwt = client->Verify(token, ForApi());
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(jwt->subject, "skillpath") << "a client credentials token is about the client";
  EXPECT_EQ(jwt->String("scope"), "api");
  EXPECT_EQ(client->key_fetches(), 1);

  oidc::Expectations other = ForApi();
  other.audience = "another-app";
  EXPECT_THAT(client->Verify(token, other).status().message(), HasSubstr("(aud)"));
  std::string tampered = token;
  tampered[token.find('.') + 5] ^= 1;
  EXPECT_TRUE(absl::IsUnauthenticated(client->Verify(tampered, ForApi()).status()));
  EXPECT_EQ(client->key_fetches(), 1) << "the keys are kept";
}

TEST_F(OidcProviderTest, RotatedKeysAreFetchedOnceAndNotForEveryUnknownKid) {
  auto client = Client();
  const std::string old_token = AccessToken();
  ASSERT_TRUE(client->Verify(old_token, ForApi()).ok());
  // The provider comes back on the same address with new keys.
  const int port = Port();
  ASSERT_EQ(provider_->Terminate(), 0) << provider_->log();
  ASSERT_TRUE(StartProvider(port, "key-2")) << provider_->log();
  const std::string new_token = AccessToken();
  // Within the refetch interval of the first fetch, an unknown key does not
  // make the keys be fetched again.
  clock_ += 9;
  const absl::Status early = client->Verify(new_token, ForApi()).status();
  EXPECT_TRUE(absl::IsNotFound(early)) << early;
  EXPECT_THAT(early.message(), HasSubstr("'key-2-rs256'"));
  EXPECT_EQ(client->key_fetches(), 1);
  clock_ += 2;
  absl::StatusOr<oidc::VerifiedJwt> jwt = client->Verify(new_token, ForApi());
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(client->key_fetches(), 2);
  // The old key is gone; the set was fetched a moment ago, so not again.
  const absl::Status old = client->Verify(old_token, ForApi()).status();
  EXPECT_TRUE(absl::IsNotFound(old)) << old;
  EXPECT_THAT(old.message(), HasSubstr("'key-1-rs256'"));
  EXPECT_EQ(client->key_fetches(), 2);
}

TEST_F(OidcProviderTest, AProviderThatIsNotThereYetIsTriedAgain) {
  const int port = Port();
  ASSERT_EQ(provider_->Terminate(), 0);
  auto client = Client();
  const absl::Status down = client->Metadata().status();
  EXPECT_TRUE(absl::IsUnavailable(down)) << down;
  EXPECT_THAT(down.message(), HasSubstr("127.0.0.1 could not be reached"));
  ASSERT_TRUE(StartProvider(port, "key-1")) << provider_->log();
  EXPECT_TRUE(absl::IsUnavailable(client->Metadata().status())) << "not asked again at once";
  clock_ += 11;
  EXPECT_TRUE(client->Metadata().ok());
  EXPECT_TRUE(client->Verify(AccessToken(), ForApi()).ok());
}

TEST_F(OidcProviderTest, AnotherIssuerAtTheSameAddressIsRefused) {
  oidc::Provider::Options options;
  options.issuer = provider_->issuer() + "/";
  options.now = Now;
  oidc::Provider client(options, oidc::Fetcher());
  EXPECT_THAT(client.Metadata().status().message(), HasSubstr("not the configured"));
}

}  // namespace
}  // namespace skillpath
