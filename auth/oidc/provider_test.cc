// The discovery document's rules and the outbound URL rules, without a
// network (tests/oidc_provider_test.cc meets a real provider).

#include "auth/oidc/provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/oidc/fetch.h"

namespace skillpath::oidc {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kDiscovery = R"({
  "issuer": "https://login.kommune.no/tenant/v2.0",
  "authorization_endpoint": "https://login.kommune.no/tenant/oauth2/v2.0/authorize",
  "token_endpoint": "https://login.kommune.no/tenant/oauth2/v2.0/token",
  "jwks_uri": "https://login.kommune.no/tenant/discovery/v2.0/keys",
  "end_session_endpoint": "https://login.kommune.no/tenant/oauth2/v2.0/logout",
  "code_challenge_methods_supported": ["plain", "S256"],
  "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
  "id_token_signing_alg_values_supported": ["RS256"]
})";

TEST(ParseDiscovery, ReadsTheEndpointsAndWhatTheProviderSupports) {
  absl::StatusOr<ProviderMetadata> m = ParseDiscovery(kDiscovery, "https://login.kommune.no/tenant/v2.0");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->token_endpoint, "https://login.kommune.no/tenant/oauth2/v2.0/token");
  EXPECT_EQ(m->end_session_endpoint, "https://login.kommune.no/tenant/oauth2/v2.0/logout");
  EXPECT_EQ(m->device_authorization_endpoint, "");
  EXPECT_THAT(m->code_challenge_methods_supported, ElementsAre("plain", "S256"));
  EXPECT_THAT(m->id_token_signing_alg_values_supported, ElementsAre("RS256"));
}

TEST(ParseDiscovery, TheIssuerMustBeTheConfiguredOneToTheLetter) {
  EXPECT_THAT(ParseDiscovery(kDiscovery, "https://login.kommune.no/tenant/v2.0/").status().message(),
              HasSubstr("not the configured 'https://login.kommune.no/tenant/v2.0/'"));
  EXPECT_THAT(ParseDiscovery(kDiscovery, "https://evil.example/tenant/v2.0").status().message(),
              HasSubstr("discovery: issuer is 'https://login.kommune.no/tenant/v2.0'"));
}

TEST(ParseDiscovery, NamesAMissingOrPlainHttpEndpoint) {
  EXPECT_THAT(
      ParseDiscovery(R"({"issuer":"https://i","authorization_endpoint":"https://i/a","jwks_uri":"https://i/k"})",
                     "https://i")
          .status()
          .message(),
      HasSubstr("token_endpoint is missing"));
  EXPECT_THAT(ParseDiscovery(R"({"issuer":"https://i","authorization_endpoint":"https://i/a",
                                 "token_endpoint":"http://i.example/t","jwks_uri":"https://i/k"})",
                             "https://i")
                  .status()
                  .message(),
              HasSubstr("token_endpoint 'http://i.example/t' must be https"));
  EXPECT_TRUE(ParseDiscovery(R"({"issuer":"http://127.0.0.1:9","authorization_endpoint":"http://127.0.0.1:9/a",
                                 "token_endpoint":"http://127.0.0.1:9/t","jwks_uri":"http://127.0.0.1:9/k"})",
                             "http://127.0.0.1:9")
                  .ok())
      << "plain http is fine on loopback";
  EXPECT_THAT(ParseDiscovery("<html>", "https://i").status().message(), HasSubstr("not a JSON object"));
}

TEST(Fetch, HttpsOrLoopbackOnly) {
  for (const char* ok : {"https://login.microsoftonline.com/x", "http://127.0.0.1:8080/", "http://localhost/x",
                         "http://[::1]:3000/", "HTTPS://Auth.Dataporten.no/"}) {
    EXPECT_TRUE(IsHttpsOrLoopback(ok)) << ok;
  }
  for (const char* bad : {"http://idp.kommune.no/", "http://127.0.0.1.evil.example/", "http://user@evil.example/",
                          "ftp://127.0.0.1/", "file:///etc/passwd", "https://", "javascript:alert(1)"}) {
    EXPECT_FALSE(IsHttpsOrLoopback(bad)) << bad;
  }
  absl::StatusOr<HttpResponse> r = Fetcher().Fetch({"http://idp.kommune.no/.well-known/openid-configuration", "", {}});
  EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << r.status();
}

TEST(Fetch, AnUnreachableProviderIsUnavailableAndNamed) {
  // Port 9 on loopback: nothing listens (discard is not run here).
  absl::StatusOr<HttpResponse> r = Fetcher().Fetch({"http://127.0.0.1:9/.well-known/openid-configuration", "", {}});
  EXPECT_TRUE(absl::IsUnavailable(r.status())) << r.status();
  EXPECT_THAT(r.status().message(), HasSubstr("127.0.0.1 could not be reached"));
}

TEST(Fetch, FormValueDecodesAQuery) {
  const std::string query = "code=abc%2Fdef&state=s-1&error_description=The+user+cancelled%21&empty=";
  EXPECT_EQ(FormValue(query, "code"), "abc/def");
  EXPECT_EQ(FormValue(query, "error_description"), "The user cancelled!");
  EXPECT_EQ(FormValue(query, "empty"), "");
  EXPECT_EQ(FormValue(query, "missing"), "");
  EXPECT_EQ(FormValue(query, "stat"), "") << "names match whole";
}

TEST(Fetch, FormEncodesNamesAndValues) {
  EXPECT_EQ(FormEncode({{"grant_type", "authorization_code"}, {"redirect_uri", "https://s.no/auth/callback?x=1 2"}}),
            "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fs.no%2Fauth%2Fcallback%3Fx%3D1%202");
}

}  // namespace
}  // namespace skillpath::oidc
