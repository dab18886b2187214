#include "auth/tokens.h"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/store/sqlite_store.h"
#include "testing/db_files.h"

namespace skillpath::services {
namespace {

using ::testing::HasSubstr;

constexpr core::Time kNow = 1'767'225'600'000'000LL;

class TokensTest : public ::testing::Test {
 protected:
  TokensTest() : db_(db::testing::OpenMigrated(tmp_.path())), store_(*db_) {
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
  db::SqliteStore store_;
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
  for (const std::string& bad : {token, "Basic " + token, "Bearer" + token, "Token " + token, "Bearer\t" + token,
                                 std::string("Bearer")}) {
    auto p = AuthenticateForTest(bad, store_.access(), kNow);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("authorization: Bearer <token>")) << bad;
  }
}

TEST_F(TokensTest, BadTokensAreUnauthenticatedWithoutRevealingTheSecret) {
  const std::string token = Make(core::Grant::kHr, "");
  const std::string id = token.substr(0, token.find('.'));
  for (const std::string& bad : {std::string(""), std::string("Bearer "), std::string("nonsense"),
                                 "Bearer " + id + ".wrongsecret",
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

}  // namespace
}  // namespace skillpath::services
