// Sign-in through a real OpenID provider (oidc-provider, tests/oidc/) into
// a real server's database: the code flow with PKCE, state and nonce, the
// person the provider vouches for, their grant, and every way the answer
// can fail to give a session.

#include "auth/sign_in.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "auth/oidc/client_key.h"
#include "auth/oidc/provider.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/oidc_browser.h"
#include "testing/process/oidc_provider.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kRedirect = "http://127.0.0.1:9/auth/callback";  // nothing listens: the test reads the URL

// The value of `name` in the query of `url`.
std::string QueryParam(const std::string& url, const std::string& name) {
  const size_t at = url.find(name + "=", url.find('?'));
  if (at == std::string::npos) return "";
  const size_t from = at + name.size() + 1;
  const std::string raw = url.substr(from, url.find('&', from) - from);
  int length = 0;
  char* decoded = curl_easy_unescape(nullptr, raw.c_str(), static_cast<int>(raw.size()), &length);
  std::string out(decoded, static_cast<size_t>(length));
  curl_free(decoded);
  return out;
}

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(SKILLPATH_SOURCE_DIR) + "/tests/oidc/node_modules/oidc-provider"))
        << "oidc-provider is not installed: ./dev test installs it (npm ci in tests/oidc)";
    skillpath::testing::OidcProviderProcess::Options o;
    o.redirect_uris = {kRedirect};
    o.accounts = {{"kari", "Kari@Kommune.no", "Kari Nordmann", {}},
                  {"per", "per@kommune.no", "Per Leder", {"g-staff"}},
                  {"hanne", "hanne@kommune.no", "Hanne HR", {"g-staff", "g-hr"}},
                  {"ola", "ola@kommune.no", "Ola Sluttet", {}},
                  {"ghost", "ghost@kommune.no", "Not In Skillpath", {}}};
    o.accounts_file = db_.path() + ".accounts.json";
    // The private_key_jwt client's key: its public half registered at the provider.
    std::shared_ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
    client_key_pem_ = Pem(key.get(), true);
    o.private_key_jwt_public_key = Pem(key.get(), false);
    provider_process_ = std::make_unique<skillpath::testing::OidcProviderProcess>(o);
    ASSERT_TRUE(provider_process_->Start()) << provider_process_->log();

    server_ = testing::StartTestServer(db_.path(), [this] { return now_.load(); });
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->writer()
                    .RunAndWait([](core::Repositories& repos) -> absl::Status {
                      core::OrgUnit it{"it", "", "IT"};
                      if (absl::Status s = repos.org.PutOrgUnit(it); !s.ok()) return s;
                      for (core::Person p :
                           {core::Person{"E1", "Kari Nordmann", "kari@kommune.no", "it", {}, {}, true},
                            core::Person{"M1", "Per Leder", "per@kommune.no", "it", {}, {"it"}, true},
                            core::Person{"H1", "Hanne HR", "hanne@kommune.no", "it", {}, {}, true},
                            core::Person{"E2", "Ola Sluttet", "ola@kommune.no", "it", {}, {}, false}}) {
                        if (absl::Status s = repos.org.PutPerson(p); !s.ok()) return s;
                      }
                      return absl::OkStatus();
                    })
                    .ok());

    oidc::Provider::Options po;
    po.issuer = provider_process_->issuer();
    po.now = [this] { return now_.load() / core::kMicrosPerSecond; };
    provider_ = std::make_unique<oidc::Provider>(po, oidc::Fetcher());
    SignInOptions options;
    options.client_id = "skillpath";
    options.client_secret = "skillpath-test-secret";
    options.redirect_uri = kRedirect;
    options.scopes = "openid email profile groups";
    options.grants = {{core::Grant::kHr, {"g-hr"}}};
    sign_in_ =
        std::make_unique<SignIn>(options, *provider_, oidc::Fetcher(), server_->writer(), server_->ReadsForTest(),
                                 server_->AuditForTest(), [this] { return now_.load(); });
  }

  // Signs in at the provider as `login` from `url`; the provider's answer.
  std::string AtProvider(const std::string& url, const std::string& login) {
    skillpath::testing::OidcBrowser browser;
    const std::string answer = browser.SignIn(url, login, kRedirect);
    EXPECT_FALSE(answer.empty()) << browser.error();
    return answer;
  }
  SignIn::Result Come(const std::string& answer) {
    return sign_in_->Finish(QueryParam(answer, "code"), QueryParam(answer, "state"), QueryParam(answer, "error"),
                            QueryParam(answer, "error_description"));
  }
  SignIn::Result SignInAs(const std::string& login) {
    absl::StatusOr<std::string> url = sign_in_->Start("/");
    EXPECT_TRUE(url.ok()) << url.status();
    return Come(AtProvider(url.value_or(""), login));
  }
  std::vector<core::AuditEvent> SignInAudit() {
    EXPECT_TRUE(server_->AuditForTest().Flush().ok());
    std::vector<core::AuditEvent> out;
    EXPECT_TRUE(server_->ReadsForTest()
                    .With([&](core::Repositories& repos) -> absl::Status {
                      core::AuditQuery q;
                      absl::StatusOr<std::vector<core::AuditEvent>> all = repos.access.ListAudit(q);
                      if (!all.ok()) return all.status();
                      for (core::AuditEvent& e : *all) {
                        if (e.method == "auth/sign-in") out.push_back(e);
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return out;
  }

  static std::string Pem(EVP_PKEY* key, bool private_half) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (private_half) {
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    } else {
      PEM_write_bio_PUBKEY(bio.get(), key);
    }
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  }

  db::testing::TempDbPath db_;
  std::string client_key_pem_;
  std::atomic<core::Time> now_{SystemNow()};
  std::unique_ptr<skillpath::testing::OidcProviderProcess> provider_process_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<oidc::Provider> provider_;
  std::unique_ptr<SignIn> sign_in_;
};

TEST_F(SignInTest, ThePersonTheProviderVouchesForGetsASession) {
  absl::StatusOr<std::string> url = sign_in_->Start("/#team");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_THAT(*url, StartsWith(provider_process_->issuer() + "/auth?"));
  EXPECT_EQ(QueryParam(*url, "code_challenge_method"), "S256");
  EXPECT_EQ(QueryParam(*url, "redirect_uri"), kRedirect);
  EXPECT_GE(QueryParam(*url, "state").size(), 43u);
  EXPECT_GE(QueryParam(*url, "nonce").size(), 43u);

  const std::string answer = AtProvider(*url, "kari");
  SignIn::Result result = Come(answer);
  ASSERT_TRUE(result.session.ok()) << result.session.status();
  EXPECT_THAT(result.session->session, StartsWith("ses_"));
  EXPECT_EQ(result.session->record.person_id, "E1") << "matched by e-mail, whatever its case";
  EXPECT_EQ(result.session->record.grant, core::Grant::kEmployee);
  EXPECT_EQ(result.session->record.subject, "kari");
  EXPECT_EQ(result.session->return_to, "/#team");
  EXPECT_EQ(result.session->person_name, "Kari Nordmann");
  // The session authenticates as Kari.
  absl::StatusOr<Principal> who = absl::InternalError("not read");
  ASSERT_TRUE(server_->ReadsForTest()
                  .With([&](core::Repositories& repos) -> absl::Status {
                    who = AuthenticateForTest("Bearer " + result.session->session, repos.access, now_.load());
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->person_id, "E1");

  // The same answer again: no second session.
  SignIn::Result again = Come(answer);
  EXPECT_EQ(again.refusal, SignInRefusal::kExpiredOrReplayed);
  std::vector<core::AuditEvent> audit = SignInAudit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].subject, "E1");
  EXPECT_THAT(audit[0].outcome, HasSubstr("OK: EMPLOYEE via " + provider_process_->issuer()));
  EXPECT_THAT(audit[1].outcome, HasSubstr("REFUSED: no sign-in under way"));
}

TEST_F(SignInTest, TheGrantComesFromTheDataAndTheMappedGroups) {
  SignIn::Result manager = SignInAs("per");
  ASSERT_TRUE(manager.session.ok()) << manager.session.status();
  EXPECT_EQ(manager.session->record.grant, core::Grant::kManager) << "manages a unit";
  SignIn::Result hr = SignInAs("hanne");
  ASSERT_TRUE(hr.session.ok()) << hr.session.status();
  EXPECT_EQ(hr.session->record.grant, core::Grant::kHr) << "g-hr is mapped to HR";
}

TEST_F(SignInTest, SomeoneNotInSkillpathOrInactiveGetsNoSession) {
  SignIn::Result ghost = SignInAs("ghost");
  EXPECT_EQ(ghost.refusal, SignInRefusal::kUnknownPerson);
  EXPECT_THAT(ghost.session.status().message(), HasSubstr("no person with e-mail 'ghost@kommune.no'"));
  SignIn::Result ola = SignInAs("ola");
  EXPECT_EQ(ola.refusal, SignInRefusal::kInactive);
  std::vector<core::AuditEvent> audit = SignInAudit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_THAT(audit[0].outcome, HasSubstr("REFUSED: no person"));
  EXPECT_EQ(audit[1].subject, "E2");
  EXPECT_THAT(audit[1].outcome, HasSubstr("REFUSED: the person is inactive"));
}

TEST_F(SignInTest, AnIdTokenForAnotherNonceIsRefused) {
  absl::StatusOr<std::string> url = sign_in_->Start("/");
  ASSERT_TRUE(url.ok());
  const std::string nonce = QueryParam(*url, "nonce");
  std::string forged = *url;
  forged.replace(forged.find(nonce), nonce.size(), "another-nonce-the-attacker-chose");
  SignIn::Result result = Come(AtProvider(forged, "kari"));
  EXPECT_EQ(result.refusal, SignInRefusal::kTokenRefused);
  EXPECT_THAT(result.session.status().message(), HasSubstr("nonce"));
}

TEST_F(SignInTest, AnExpiredIdTokenIsRefused) {
  // Started five minutes "ahead", finished eleven and a half minutes ahead
  // of the provider: the sign-in is six and a half minutes old (in time),
  // the ID token (ten minutes) has expired past the minute of skew.
  const core::Time real = SystemNow();
  now_ = real + 5 * 60 * core::kMicrosPerSecond;
  absl::StatusOr<std::string> url = sign_in_->Start("/");
  ASSERT_TRUE(url.ok());
  const std::string answer = AtProvider(*url, "kari");
  now_ = real + (11 * 60 + 30) * core::kMicrosPerSecond;
  SignIn::Result result = Come(answer);
  EXPECT_EQ(result.refusal, SignInRefusal::kTokenRefused);
  EXPECT_THAT(result.session.status().message(), HasSubstr("expired (exp)"));
}

TEST_F(SignInTest, AnswersNotStartedHereTooOldOrRefusedByTheProvider) {
  EXPECT_EQ(sign_in_->Finish("code", "a-state-we-never-sent", "", "").refusal, SignInRefusal::kExpiredOrReplayed);
  EXPECT_EQ(sign_in_->Finish("code", "", "", "").refusal, SignInRefusal::kExpiredOrReplayed);

  absl::StatusOr<std::string> cancelled = sign_in_->Start("/");
  ASSERT_TRUE(cancelled.ok());
  SignIn::Result refused =
      sign_in_->Finish("", QueryParam(*cancelled, "state"), "access_denied", "The user cancelled the sign-in");
  EXPECT_EQ(refused.refusal, SignInRefusal::kProviderRefused);
  EXPECT_THAT(refused.session.status().message(), HasSubstr("access_denied: The user cancelled"));

  absl::StatusOr<std::string> slow = sign_in_->Start("/");
  ASSERT_TRUE(slow.ok());
  const std::string answer = AtProvider(*slow, "kari");
  now_ += 11 * 60 * core::kMicrosPerSecond;  // ten minutes at most at the provider
  EXPECT_EQ(Come(answer).refusal, SignInRefusal::kExpiredOrReplayed);
}

// private_key_jwt instead of a secret: the provider checks the assertion
// against the registered public key; a key it does not know is refused.
TEST_F(SignInTest, AClientWithAPrivateKeyInsteadOfASecretSignsIn) {
  SignInOptions options = sign_in_->options();
  options.client_id = "skillpath-pkjwt";
  options.client_secret.clear();
  absl::StatusOr<oidc::ClientKey> key = oidc::ClientKey::FromPem(client_key_pem_, "", "key");
  ASSERT_TRUE(key.ok()) << key.status();
  options.client_key = std::make_shared<const oidc::ClientKey>(*key);
  SignIn with_key(options, *provider_, oidc::Fetcher(), server_->writer(), server_->ReadsForTest(),
                  server_->AuditForTest(), [this] { return now_.load(); });
  absl::StatusOr<std::string> url = with_key.Start("/");
  ASSERT_TRUE(url.ok()) << url.status();
  const std::string back = AtProvider(*url, "kari");
  SignIn::Result result = with_key.Finish(QueryParam(back, "code"), QueryParam(back, "state"), "", "");
  ASSERT_TRUE(result.session.ok()) << result.session.status();
  EXPECT_EQ(result.session->record.person_id, "E1");

  std::shared_ptr<EVP_PKEY> other(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  absl::StatusOr<oidc::ClientKey> stranger = oidc::ClientKey::FromPem(Pem(other.get(), true), "", "key");
  ASSERT_TRUE(stranger.ok());
  options.client_key = std::make_shared<const oidc::ClientKey>(*stranger);
  SignIn wrong_key(options, *provider_, oidc::Fetcher(), server_->writer(), server_->ReadsForTest(),
                   server_->AuditForTest(), [this] { return now_.load(); });
  url = wrong_key.Start("/");
  ASSERT_TRUE(url.ok());
  const std::string answer = AtProvider(*url, "kari");
  SignIn::Result refused = wrong_key.Finish(QueryParam(answer, "code"), QueryParam(answer, "state"), "", "");
  EXPECT_EQ(refused.refusal, SignInRefusal::kTokenRefused);
  EXPECT_THAT(refused.session.status().message(), HasSubstr("invalid_client"));
}

TEST_F(SignInTest, AFloodOfSignInsIsBounded) {
  SignInOptions options = sign_in_->options();
  options.max_pending = 2;
  SignIn bounded(options, *provider_, oidc::Fetcher(), server_->writer(), server_->ReadsForTest(),
                 server_->AuditForTest(), [this] { return now_.load(); });
  EXPECT_TRUE(bounded.Start("/").ok());
  EXPECT_TRUE(bounded.Start("/").ok());
  absl::StatusOr<std::string> third = bounded.Start("/");
  EXPECT_TRUE(absl::IsResourceExhausted(third.status())) << third.status();
  EXPECT_THAT(third.status().message(), HasSubstr("sign-ins under way"));
  now_ += 11 * 60 * core::kMicrosPerSecond;  // the two are too old to finish now
  EXPECT_TRUE(bounded.Start("/").ok());
}

TEST_F(SignInTest, OnlyOurOwnPathsAreReturnedTo) {
  for (const char* elsewhere : {"//evil.example/", "https://evil.example/", "/\\evil.example", "relative"}) {
    absl::StatusOr<std::string> url = sign_in_->Start(elsewhere);
    ASSERT_TRUE(url.ok());
    SignIn::Result result = Come(AtProvider(*url, "kari"));
    ASSERT_TRUE(result.session.ok()) << result.session.status();
    EXPECT_EQ(result.session->return_to, "/") << elsewhere;
  }
}

// A session in use does not time out: each use (recorded at most once a
// minute) moves its idle timeout on; without use it ends.
TEST(SessionUse, ASessionInUseStaysAndOneLeftIdleEnds) {
  db::testing::TempDbPath db;
  std::atomic<core::Time> now{SystemNow()};
  auto server = testing::StartTestServer(db.path(), [&] { return now.load(); });
  ASSERT_NE(server, nullptr);
  constexpr core::Time kMinute = 60 * core::kMicrosPerSecond;
  auto minted = MintSession({"E1", core::Grant::kEmployee, "https://idp.kommune.no", "kari"}, 5 * kMinute, 60 * kMinute,
                            now.load());
  ASSERT_TRUE(minted.ok());
  ASSERT_TRUE(
      server->writer()
          .RunAndWait([&](core::Repositories& repos) -> absl::Status {
            if (absl::Status s = repos.org.PutOrgUnit({"it", "", "IT"}); !s.ok()) return s;
            if (absl::Status s = repos.org.PutPerson({"E1", "Kari", "kari@kommune.no", "it", {}, {}, true}); !s.ok()) {
              return s;
            }
            return repos.access.PutToken(minted->record);
          })
          .ok());
  auto auth = v1::AuthService::NewStub(testing::ChannelAs(*server, minted->token));
  auto who_am_i = [&]() {
    grpc::ClientContext ctx;
    v1::WhoAmIResponse resp;
    return auth->WhoAmI(&ctx, {}, &resp);
  };
  // The server trusts a token record for two seconds before reading it again.
  auto next_read = [] { std::this_thread::sleep_for(std::chrono::milliseconds(2200)); };
  ASSERT_TRUE(who_am_i().ok());
  now += 4 * kMinute;
  ASSERT_TRUE(who_am_i().ok()) << "used within the idle timeout";
  next_read();
  now += 4 * kMinute;  // 8 minutes after signing in, 4 after the last use
  grpc::Status used = who_am_i();
  EXPECT_TRUE(used.ok()) << used.error_message();
  next_read();
  now += 6 * kMinute;  // 6 minutes without use
  grpc::Status idle = who_am_i();
  EXPECT_EQ(idle.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(idle.error_message(), HasSubstr("ended after 5 minutes without use"));
}

}  // namespace
}  // namespace skillpath::services
