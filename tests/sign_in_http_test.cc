// Sign-in as the browser meets it: GET /auth/login on the HTTP side of a
// real server, the real OpenID provider's pages, GET /auth/callback setting
// the session cookie, Connect calls with that cookie (and only from our own
// pages), the page for someone skillpath does not know, and sign-out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "skillpath/v1/auth.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/oidc_browser.h"
#include "testing/process/oidc_provider.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using skillpath::testing::FreePort;

class SignInHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/node_modules/oidc-provider"))
        << "oidc-provider is not installed: ./dev test installs it (npm ci in tests/oidc)";
    const int provider_port = FreePort();
    site_ = "http://127.0.0.1:" + std::to_string(FreePort());
    ServerOptions options =
        testing::SignInServerOptions(db_.path(), "http://127.0.0.1:" + std::to_string(provider_port), site_);
    options.oidc.scopes = "openid email profile groups";
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    ASSERT_TRUE(testing::PutKari(*server_).ok());
    skillpath::testing::OidcProviderProcess::Options o;
    o.port = provider_port;
    o.redirect_uris = {site_ + "/auth/callback"};
    o.post_logout_redirect_uris = {site_ + "/"};
    o.accounts = {{"kari", "kari@kommune.no", "Kari Nordmann", {}}, {"ghost", "ghost@kommune.no", "Ghost", {}}};
    o.accounts_file = db_.path() + ".accounts.json";
    provider_ = std::make_unique<skillpath::testing::OidcProviderProcess>(o);
    ASSERT_TRUE(provider_->Start()) << provider_->log();
  }

  // A Connect call from `browser` with its cookies and `headers`.
  long WhoAmI(skillpath::testing::OidcBrowser& browser, std::vector<std::string> headers, std::string& body) {
    headers.push_back("Content-Type: application/json");
    std::string location;
    return browser.Post(site_ + "/skillpath.v1.AuthService/WhoAmI", "{}", headers, body, location);
  }

  db::testing::TempDbPath db_;
  std::string site_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<skillpath::testing::OidcProviderProcess> provider_;
};

TEST_F(SignInHttpTest, SignsInThroughTheProviderAndCallsWithTheCookie) {
  skillpath::testing::OidcBrowser browser;
  std::string config, no_location;
  EXPECT_EQ(browser.Get(site_ + "/auth/config", config, no_location), 200);
  EXPECT_EQ(config, R"({"provider":true,"label":"Logg inn med kommunens konto","tokenSignIn":false})");
  const std::string back = browser.SignIn(site_ + "/auth/login?return_to=%2F%23team", "kari", site_ + "/#team");
  ASSERT_EQ(back, site_ + "/#team") << browser.error();
  const std::string session = browser.Cookie("skillpath_session");
  ASSERT_THAT(session, StartsWith("ses_")) << "HttpOnly cookie set by /auth/callback";

  std::string body;
  EXPECT_EQ(WhoAmI(browser, {"X-Skillpath-Session: 1"}, body), 200) << body;
  EXPECT_THAT(body, HasSubstr("\"personId\":\"E1\"")) << body;
  // Without the header a form cannot send, or from another site: refused.
  EXPECT_EQ(WhoAmI(browser, {}, body), 401) << body;
  EXPECT_THAT(body, HasSubstr("only from skillpath's own pages"));
  EXPECT_EQ(WhoAmI(browser, {"X-Skillpath-Session: 1", "Origin: http://evil.example"}, body), 401) << body;

  // Signing out from another site does nothing; from ours it ends the session.
  std::string location;
  EXPECT_EQ(browser.Post(site_ + "/auth/logout", "x=1", {"Origin: http://evil.example"}, body, location), 403);
  EXPECT_EQ(WhoAmI(browser, {"X-Skillpath-Session: 1"}, body), 200) << body;
  EXPECT_EQ(browser.Post(site_ + "/auth/logout", "x=1", {"Origin: " + site_}, body, location), 303) << body;
  EXPECT_THAT(location, StartsWith(provider_->issuer() + "/session/end?")) << "signed out at the provider too";
  EXPECT_EQ(browser.Cookie("skillpath_session"), "") << "the cookie is cleared";
  skillpath::testing::OidcBrowser replay;
  EXPECT_EQ(WhoAmI(replay, {"X-Skillpath-Session: 1", "Cookie: skillpath_session=" + session}, body), 401);
  EXPECT_THAT(body, HasSubstr("has ended")) << "the session ended on the server, not only in the browser";
}

TEST_F(SignInHttpTest, AnAdminListsTheSessionsAndEndsOne) {
  skillpath::testing::OidcBrowser browser;
  ASSERT_EQ(browser.SignIn(site_ + "/auth/login?return_to=%2F%23team", "kari", site_ + "/#team"), site_ + "/#team")
      << browser.error();
  const std::string session = browser.Cookie("skillpath_session");
  const std::string id = session.substr(0, session.find('.'));
  std::string body;
  ASSERT_EQ(WhoAmI(browser, {"X-Skillpath-Session: 1"}, body), 200) << body;

  auto auth = v1::AuthService::NewStub(testing::ChannelTo(*server_));
  v1::ListTokensRequest req;
  req.set_kind(v1::SESSION);
  req.set_valid_only(true);
  v1::ListTokensResponse listed;
  grpc::ClientContext list_ctx;
  ASSERT_TRUE(auth->ListTokens(&list_ctx, req, &listed).ok());
  ASSERT_EQ(listed.tokens_size(), 1) << "only the session, not the ADMIN's API tokens: " << listed.DebugString();
  EXPECT_EQ(listed.tokens(0).id(), id);
  EXPECT_EQ(listed.tokens(0).person_id(), "E1");
  EXPECT_EQ(listed.tokens(0).issuer(), provider_->issuer());

  v1::RevokeTokenRequest end;
  end.set_id(id);
  v1::TokenInfo ended;
  grpc::ClientContext end_ctx;
  ASSERT_TRUE(auth->RevokeToken(&end_ctx, end, &ended).ok());
  EXPECT_EQ(WhoAmI(browser, {"X-Skillpath-Session: 1"}, body), 401) << "ended at once";
  grpc::ClientContext again_ctx;
  ASSERT_TRUE(auth->ListTokens(&again_ctx, req, &listed).ok());
  EXPECT_EQ(listed.tokens_size(), 0) << listed.DebugString();
}

TEST_F(SignInHttpTest, SomeoneSkillpathDoesNotKnowSeesWhyInTheirLanguage) {
  skillpath::testing::OidcBrowser browser;
  EXPECT_EQ(browser.SignIn(site_ + "/auth/login", "ghost", site_ + "/#"), "");
  EXPECT_EQ(browser.last_status(), 403) << browser.error();
  EXPECT_THAT(browser.last_body(), HasSubstr("Du finnes ikke i skillpath ennå"));
  EXPECT_THAT(browser.last_body(), HasSubstr("Kontakt HR"));
  EXPECT_EQ(browser.Cookie("skillpath_session"), "");
}

TEST_F(SignInHttpTest, StartRefusesSignInWithoutItsSettings) {
  ServerOptions options = testing::TestServerOptions(db_.path() + "-2");
  options.http_listen = "127.0.0.1:0";
  options.oidc_issuer = "http://idp.kommune.no";
  EXPECT_THAT(Server::Start(options).status().message(),
              HasSubstr("--oidc-issuer: 'http://idp.kommune.no' must be https"));
  options.oidc_issuer = "https://idp.kommune.no";
  EXPECT_THAT(Server::Start(options).status().message(), HasSubstr("--oidc-client-id: required"));
  options.oidc.client_id = "skillpath";
  EXPECT_THAT(Server::Start(options).status().message(), HasSubstr("--oidc-client-secret-file: required"));
  options.oidc.client_secret = "s";
  EXPECT_THAT(Server::Start(options).status().message(), HasSubstr("--public-url: required"));
}

}  // namespace
}  // namespace skillpath::services
