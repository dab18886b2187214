#include "auth/tokens.h"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rules/validation.h"
#include "db/sqlite/statements.h"
#include "db/store/stores.h"
#include "testing/db/db_files.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;

constexpr core::Time kNow = 1'767'225'600'000'000LL;

class TokensTest : public ::testing::Test {
 protected:
  TokensTest() : db_(db::testing::OpenMigrated(tmp_.path())), store_(std::make_unique<db::SqliteStatements>(*db_)) {
    db_->exec("INSERT INTO org_units (id, name) VALUES ('k', 'K')");
    db_->exec("INSERT INTO people (id, name, org_unit_id) VALUES ('E1', 'Kari', 'k')");
  }
  std::string Make(core::Grant grant, const std::string& person, std::optional<core::Time> expires = std::nullopt) {
    auto m = MintToken(grant, person, expires, "test", kNow);
    EXPECT_TRUE(m.ok()) << m.status();
    EXPECT_TRUE(store_.access().PutToken(m->record).ok());
    return m->token;
  }
  db::testing::TempDbPath tmp_;
  std::unique_ptr<SQLite::Database> db_;
  db::Stores store_;
};

TEST_F(TokensTest, AMintedTokenAuthenticatesAsItsHolder) {
  const std::string token = Make(core::Grant::kEmployee, "E1");
  ASSERT_EQ(token.substr(0, 4), "tok_");
  EXPECT_GE(token.size() - token.find('.') - 1, 43u) << "at least 256 bits of secret, base64url";
  auto p = AuthenticateForTest("Bearer " + token, store_.access(), kNow);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->person_id, "E1");
  EXPECT_EQ(p->grant, core::Grant::kEmployee);
  EXPECT_TRUE(AuthenticateForTest("bearer " + token, store_.access(), kNow).ok()) << "the scheme in any case";
  EXPECT_TRUE(AuthenticateForTest("BEARER  " + token, store_.access(), kNow).ok()) << "one or more spaces";
}

TEST_F(TokensTest, OnlyTheBearerSchemeIsAccepted) {
  const std::string token = Make(core::Grant::kEmployee, "E1");
  for (const std::string& bad :
       {token, "Basic " + token, "Bearer" + token, "Token " + token, "Bearer\t" + token, std::string("Bearer")}) {
    auto p = AuthenticateForTest(bad, store_.access(), kNow);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("authorization: Bearer <token>")) << bad;
  }
}

TEST_F(TokensTest, BadTokensAreUnauthenticatedWithoutRevealingTheSecret) {
  const std::string token = Make(core::Grant::kHr, "");
  const std::string id = token.substr(0, token.find('.'));
  for (const std::string& bad :
       {std::string(""), std::string("Bearer "), std::string("nonsense"), "Bearer " + id + ".wrongsecret",
        "Bearer tok_0000000000000000." + token.substr(id.size() + 1)}) {
    auto p = AuthenticateForTest(bad, store_.access(), kNow);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_THAT(std::string(p.status().message()), ::testing::Not(HasSubstr(token.substr(id.size() + 1))));
  }
}

TEST_F(TokensTest, ExpiredAndRevokedTokensAreRefused) {
  const std::string expiring = Make(core::Grant::kAdmin, "", kNow + 1000);
  EXPECT_TRUE(AuthenticateForTest("Bearer " + expiring, store_.access(), kNow + 999).ok());
  auto late = AuthenticateForTest("Bearer " + expiring, store_.access(), kNow + 1000);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(late.status().message()), HasSubstr("expired"));

  const std::string token = Make(core::Grant::kAggregate, "");
  auto record = *store_.access().FindToken(token.substr(0, token.find('.')));
  record->revoked_at = kNow;
  ASSERT_TRUE(store_.access().PutToken(*record).ok());
  auto revoked = AuthenticateForTest("Bearer " + token, store_.access(), kNow);
  EXPECT_EQ(revoked.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(revoked.status().message()), HasSubstr("revoked"));
}

TEST_F(TokensTest, PersonalGrantsNeedAPerson) {
  for (core::Grant g : {core::Grant::kEmployee, core::Grant::kManager}) {
    auto m = MintToken(g, "", std::nullopt, "", kNow);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(m.status().message()), HasSubstr("--person"));
  }
  EXPECT_EQ(MintToken(core::Grant::kHr, "", kNow - 1, "", kNow).status().code(), absl::StatusCode::kInvalidArgument)
      << "an expiry in the past";
}

// Sign-in sessions (issue #12) are tokens of their own kind: a time limit,
// an idle timeout, and the provider's word for whom they belong to.
constexpr core::Time kMinute = 60 * core::kMicrosPerSecond;

TEST_F(TokensTest, ASessionAuthenticatesUntilItsIdleTimeoutOrTimeLimit) {
  auto m =
      MintSession({"E1", core::Grant::kHr, "https://idp.kommune.no", "kari-sub"}, 30 * kMinute, 600 * kMinute, kNow);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->token.substr(0, 4), "ses_");
  EXPECT_EQ(m->record.kind, core::TokenKind::kSession);
  ASSERT_TRUE(store_.access().PutToken(m->record).ok());
  auto who = AuthenticateForTest("Bearer " + m->token, store_.access(), kNow + 29 * kMinute);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->grant, core::Grant::kHr);
  EXPECT_EQ(who->person_id, "E1");

  const absl::Status idle = AuthenticateForTest("Bearer " + m->token, store_.access(), kNow + 31 * kMinute).status();
  EXPECT_THAT(idle.message(), HasSubstr("ended after 30 minutes without use: sign in again"));
  // Used at +29 min: idle counts from there.
  ASSERT_TRUE(store_.access().TouchToken(m->record.id, kNow + 29 * kMinute).value());
  EXPECT_FALSE(store_.access().TouchToken(m->record.id, kNow + 10 * kMinute).value()) << "the last use only moves on";
  EXPECT_TRUE(AuthenticateForTest("Bearer " + m->token, store_.access(), kNow + 58 * kMinute).ok());
  EXPECT_THAT(AuthenticateForTest("Bearer " + m->token, store_.access(), kNow + 600 * kMinute).status().message(),
              HasSubstr("has reached its time limit"));

  core::TokenRecord ended = *store_.access().FindToken(m->record.id).value();
  EXPECT_EQ(ended.issuer, "https://idp.kommune.no");
  EXPECT_EQ(ended.subject, "kari-sub");
  EXPECT_EQ(ended.last_used_at, kNow + 29 * kMinute);
  ended.revoked_at = kNow + 40 * kMinute;
  ASSERT_TRUE(store_.access().PutToken(ended).ok());
  EXPECT_THAT(AuthenticateForTest("Bearer " + m->token, store_.access(), kNow + 41 * kMinute).status().message(),
              HasSubstr("has ended: sign in again"));
}

TEST_F(TokensTest, ASessionNeedsAPersonAndItsProvider) {
  EXPECT_THAT(MintSession({"", core::Grant::kAdmin, "https://i", "s"}, kMinute, kMinute, kNow).status().message(),
              HasSubstr("person: a session belongs to a person"));
  EXPECT_THAT(MintSession({"E1", core::Grant::kEmployee, "", ""}, kMinute, kMinute, kNow).status().message(),
              HasSubstr("names its provider"));
  auto api = MintToken(core::Grant::kAdmin, "", std::nullopt, "script", kNow);
  ASSERT_TRUE(api.ok());
  api->record.idle_timeout = kMinute;
  EXPECT_FALSE(core::ValidateTokenRecord(api->record).ok()) << "API tokens have no idle timeout";
}

TEST_F(TokensTest, ASignInRequestIsTakenOnce) {
  core::SignInRequest r{Sha256("state-1"), "nonce-1", "verifier-1", "/#team", kNow};
  ASSERT_TRUE(store_.access().PutSignInRequest(r).ok());
  ASSERT_TRUE(store_.access().PutSignInRequest({Sha256("old"), "n", "v", "/", kNow - 20 * kMinute}).ok());
  EXPECT_FALSE(store_.access().PutSignInRequest(r).ok()) << "a state is used once";
  auto taken = store_.access().TakeSignInRequest(Sha256("state-1"));
  ASSERT_TRUE(taken.ok() && taken->has_value()) << taken.status();
  EXPECT_EQ((*taken)->nonce, "nonce-1");
  EXPECT_EQ((*taken)->code_verifier, "verifier-1");
  EXPECT_EQ((*taken)->return_to, "/#team");
  EXPECT_EQ((*taken)->created_at, kNow);
  EXPECT_FALSE(store_.access().TakeSignInRequest(Sha256("state-1")).value().has_value()) << "the answer is replayed";
  EXPECT_EQ(store_.access().PurgeSignInRequestsBefore(kNow - 10 * kMinute).value(), 1);
  EXPECT_FALSE(store_.access().TakeSignInRequest(Sha256("old")).value().has_value());
}

}  // namespace
}  // namespace skillpath::services
