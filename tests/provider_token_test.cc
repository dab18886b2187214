// The provider's access tokens as API credentials (issue #12): a person's
// JWT from the real OpenID provider (oidc-provider, tests/oidc/) accepted
// on the gRPC port and the HTTP port with the person's grant, and refused
// when tampered with, meant for another audience, an ID token, expired,
// signed with a key the provider has dropped, or its person set inactive.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "auth/oidc/jwt.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/oidc_browser.h"
#include "testing/process/oidc_provider.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using skillpath::testing::FreePort;
using skillpath::testing::OidcBrowser;
using skillpath::testing::OidcProviderProcess;

class ProviderTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/node_modules/oidc-provider"))
        << "oidc-provider is not installed: ./dev test installs it (npm ci in tests/oidc)";
    provider_port_ = FreePort();
    site_ = "http://127.0.0.1:" + std::to_string(FreePort());
    server_ = StartServer(site_, "");
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->writer()
                    .RunAndWait([](core::Repositories& repos) -> absl::Status {
                      if (absl::Status s = repos.org.PutOrgUnit({"it", "", "IT"}); !s.ok()) return s;
                      if (absl::Status s = repos.org.PutPerson({"E1", "Kari Nordmann", "kari@kommune.no", "it", {}, {}, true});
                          !s.ok()) {
                        return s;
                      }
                      return repos.org.PutPerson({"E2", "Per Hansen", "per@kommune.no", "it", {}, {}, true});
                    })
                    .ok());
    ASSERT_TRUE(StartProvider("key-1")) << provider_->log();
  }

  // A server of ours on `site` (with the HTTP side) that knows the
  // provider; `audience`: what its bearer JWTs must be for ("" the client id).
  std::unique_ptr<Server> StartServer(const std::string& site, const std::string& audience) {
    ServerOptions options = testing::SignInServerOptions(
        dbs_.emplace_back(std::make_unique<db::testing::TempDbPath>())->path(), Issuer(), site);
    options.oidc.grants[core::Grant::kHr] = {"g-hr"};
    options.oidc_audience = audience;
    options.token_cache_ttl = std::chrono::milliseconds(0);  // every call checks the token afresh
    options.now = [this] { return SystemNow() + clock_offset_.load(); };
    auto started = Server::Start(options);
    EXPECT_TRUE(started.ok()) << started.status();
    return started.ok() ? *std::move(started) : nullptr;
  }

  std::string Issuer() const { return "http://127.0.0.1:" + std::to_string(provider_port_); }

  bool StartProvider(const std::string& kid) {
    OidcProviderProcess::Options o;
    o.port = provider_port_;
    o.kid = kid;
    o.redirect_uris = {site_ + "/auth/callback"};
    o.accounts = {{"kari", "kari@kommune.no", "Kari Nordmann", {}}, {"per", "per@kommune.no", "Per Hansen", {"g-hr"}}};
    o.accounts_file = dbs_.front()->path() + ".accounts.json";
    provider_ = std::make_unique<OidcProviderProcess>(o);
    return provider_->Start();
  }

  // `member` of the token endpoint's answer for `login`.
  std::string TokenFor(const std::string& login, const std::string& member = "access_token") {
    OidcBrowser browser;
    const std::string answer = browser.Tokens(Issuer(), login, site_ + "/auth/callback");
    EXPECT_FALSE(answer.empty()) << browser.error();
    absl::StatusOr<google::protobuf::Struct> body = oidc::ParseJsonObject(answer, "the token answer");
    EXPECT_TRUE(body.ok()) << answer;
    return body.ok() ? oidc::StringMember(*body, member) : "";
  }

  grpc::Status WhoAmI(Server& server, const std::string& token, v1::WhoAmIResponse* who) {
    grpc::ClientContext ctx;
    return v1::AuthService::NewStub(testing::ChannelAs(server, token))->WhoAmI(&ctx, {}, who);
  }

  std::vector<std::unique_ptr<db::testing::TempDbPath>> dbs_;
  int provider_port_ = 0;
  std::string site_;
  std::atomic<core::Time> clock_offset_{0};
  std::unique_ptr<Server> server_;
  std::unique_ptr<OidcProviderProcess> provider_;
};

TEST_F(ProviderTokenTest, APersonsAccessTokenIsAcceptedOnBothPortsWithTheirGrant) {
  const std::string kari = TokenFor("kari");
  ASSERT_EQ(std::count(kari.begin(), kari.end(), '.'), 2) << "a JWT: " << kari;
  v1::WhoAmIResponse who;
  grpc::Status s = WhoAmI(*server_, kari, &who);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(who.person().id(), "E1");
  EXPECT_EQ(who.token().grant(), v1::GRANT_EMPLOYEE);
  EXPECT_EQ(who.token().kind(), v1::PROVIDER_TOKEN);
  EXPECT_EQ(who.token().issuer(), Issuer());
  EXPECT_THAT(who.token().id(), ::testing::StartsWith("jwt_"));
  EXPECT_TRUE(who.token().has_expires_at());

  // The grant comes from the mapped group, as at sign-in.
  s = WhoAmI(*server_, TokenFor("per"), &who);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(who.person().id(), "E2");
  EXPECT_EQ(who.token().grant(), v1::GRANT_HR);

  // The HTTP port: a Connect call with the same header.
  OidcBrowser http;
  std::string body, location;
  EXPECT_EQ(http.Post(site_ + "/skillpath.v1.AuthService/WhoAmI", "{}",
                      {"Content-Type: application/json", "Authorization: Bearer " + kari}, body, location),
            200)
      << body;
  EXPECT_THAT(body, HasSubstr("\"E1\""));
  EXPECT_THAT(body, HasSubstr("PROVIDER_TOKEN"));

  // The audit log names the person and the token's id, never the token.
  std::string audit;
  v1::ListAuditEventsRequest req;
  req.set_actor_person("E1");
  v1::ListAuditEventsResponse events;
  grpc::ClientContext ctx;
  ASSERT_TRUE(v1::AuthService::NewStub(testing::ChannelTo(*server_))->ListAuditEvents(&ctx, req, &events).ok());
  for (const auto& e : events.events()) audit += e.DebugString();
  EXPECT_THAT(audit, Not(HasSubstr(kari.substr(kari.rfind('.')))));
}

TEST_F(ProviderTokenTest, TamperedForeignIdAndExpiredTokensAreRefused) {
  const std::string kari = TokenFor("kari");
  v1::WhoAmIResponse who;
  // A payload changed (the person claimed to be someone else).
  const size_t payload = kari.find('.') + 1;
  std::string tampered = kari;
  tampered[payload + 10] = tampered[payload + 10] == 'A' ? 'B' : 'A';
  grpc::Status s = WhoAmI(*server_, tampered, &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), Not(HasSubstr(kari)));

  // An ID token is for the client that signed in, not for the API.
  s = WhoAmI(*server_, TokenFor("kari", "id_token"), &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("ID token"));

  // Meant for another audience: a server that expects another one.
  auto other = StartServer("http://127.0.0.1:" + std::to_string(FreePort()), "urn:another:api");
  ASSERT_NE(other, nullptr);
  s = WhoAmI(*other, kari, &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("(aud)"));

  // Expired: the server's clock past the token's ten minutes and the skew.
  ASSERT_TRUE(WhoAmI(*server_, kari, &who).ok());
  clock_offset_ = 12 * 60 * core::kMicrosPerSecond;
  s = WhoAmI(*server_, kari, &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("expired"));
}

TEST_F(ProviderTokenTest, ARotatedKeyIsFetchedAndTokensOfTheDroppedKeyAreRefused) {
  const std::string before = TokenFor("kari");
  v1::WhoAmIResponse who;
  ASSERT_TRUE(WhoAmI(*server_, before, &who).ok());
  // The provider restarts with new keys only.
  provider_->Terminate();
  ASSERT_TRUE(StartProvider("key-2")) << provider_->log();
  // Past the Provider's ten seconds between fetches of the keys.
  clock_offset_ = 11 * core::kMicrosPerSecond;
  const std::string after = TokenFor("kari");
  grpc::Status s = WhoAmI(*server_, after, &who);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(who.person().id(), "E1");
  s = WhoAmI(*server_, before, &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
}

TEST_F(ProviderTokenTest, APersonSetInactiveIsRefusedAtOnce) {
  const std::string kari = TokenFor("kari");
  v1::WhoAmIResponse who;
  ASSERT_TRUE(WhoAmI(*server_, kari, &who).ok());
  auto org = v1::OrgService::NewStub(testing::ChannelTo(*server_));
  grpc::ClientContext get_ctx;
  v1::Person person;
  ASSERT_TRUE(org->GetPerson(&get_ctx, [] { v1::GetRequest r; r.set_id("E1"); return r; }(), &person).ok());
  person.set_active(false);
  grpc::ClientContext put_ctx;
  v1::Person stored;
  ASSERT_TRUE(org->UpsertPerson(&put_ctx, person, &stored).ok());
  grpc::Status s = WhoAmI(*server_, kari, &who);
  EXPECT_EQ(s.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("not active"));
}

}  // namespace
}  // namespace skillpath::services
