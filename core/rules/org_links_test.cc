// Links with origins (core/rules/org_links.h) and the write rules that
// keep them: by hand, from an import, from a rule, from the data.
#include "core/rules/org_links.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rules/commands.h"
#include "core/testing/in_memory_repositories.h"

namespace skillpath::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(GlobMatches, StarsQuestionMarksAndNorwegianLettersWithoutCase) {
  EXPECT_TRUE(GlobMatches("*sykepleier*", "Avdelingssykepleier"));
  EXPECT_TRUE(GlobMatches("leder ?", "Leder Ø"));
  EXPECT_TRUE(GlobMatches("ÆRESMEDLEM*", "æresmedlem i styret"));
  EXPECT_FALSE(GlobMatches("*sykepleier", "Sykepleierstudent"));
  EXPECT_FALSE(GlobMatches("a*b*c*d*e*f*g", std::string(200, 'a')));  // no blow-up either
}

TEST(SetRolesFrom, ReplacesOneOriginAndKeepsTheOthers) {
  Person p;
  p.role_ids = {"a", "b"};
  p.role_origins = {kByHand, kFromImport};
  EXPECT_TRUE(SetRolesFrom(p, kFromImport, {"a", "c"}));
  EXPECT_THAT(p.role_ids, ElementsAre("a", "c"));
  EXPECT_THAT(p.role_origins, ElementsAre(kByHand | kFromImport, kFromImport));
  EXPECT_FALSE(SetRolesFrom(p, kFromImport, {"a", "c"})) << "the same again changes nothing";
}

class OrgLinksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(UpsertOrgUnit(repos_, {"K", "", "Kommune", ""}).ok());
    ASSERT_TRUE(UpsertOrgUnit(repos_, {"HO", "K", "Helse", ""}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"r", "Rolle", "", {}, {}}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"s", "Sykepleier", "", {}, {}}).ok());
    ASSERT_TRUE(UpsertPerson(repos_, Person{"m", "Mona", "", "K", {}, {}, true}).ok());
  }
  testing::InMemoryRepositories store_;
  Repositories repos_ = store_.repositories();
};

TEST_F(OrgLinksTest, APersonsManagerManagesTheirUnitAndLetsGoWhenTheyMove) {
  Person per{"p", "Per", "", "HO", {}, {}, true};
  per.manager_id = "m";
  ASSERT_TRUE(UpsertPerson(repos_, per).ok());
  EXPECT_THAT(store_.FindPerson("m")->value().manages_unit_ids, ElementsAre("HO"));
  per.manager_id = "";
  ASSERT_TRUE(UpsertPerson(repos_, per).ok());
  EXPECT_THAT(store_.FindPerson("m")->value().manages_unit_ids, ElementsAre());
  per.manager_id = "p";
  EXPECT_THAT(UpsertPerson(repos_, per).status().message(), HasSubstr("manager_id: a person is not their own manager"));
  per.manager_id = "ghost";
  EXPECT_THAT(UpsertPerson(repos_, per).status().message(), HasSubstr("manager_id: unknown person 'ghost'"));
}

TEST_F(OrgLinksTest, AUnitsManagerManagesItAndAManagedUnitByHandStays) {
  ASSERT_TRUE(UpsertPerson(repos_, Person{"m", "Mona", "", "K", {}, {"K"}, true}).ok());
  ASSERT_TRUE(UpsertOrgUnit(repos_, {"HO", "K", "Helse", "m"}).ok());
  Person mona = store_.FindPerson("m")->value();
  EXPECT_THAT(mona.manages_unit_ids, ElementsAre("K", "HO"));
  EXPECT_THAT(mona.manages_origins, ElementsAre(kByHand, kFromData));
  ASSERT_TRUE(UpsertOrgUnit(repos_, {"HO", "K", "Helse", ""}).ok());
  EXPECT_THAT(store_.FindPerson("m")->value().manages_unit_ids, ElementsAre("K"));
}

TEST_F(OrgLinksTest, ARuleRoleCannotBeUnassignedByHandButAHandOneOnTopCan) {
  ASSERT_TRUE(UpsertPositionRule(repos_, {"syk", "", "*sykepleier", "", {"s"}}).ok());
  Person per{"p", "Per", "", "HO", {}, {}, true};
  per.position = "Sykepleier";
  ASSERT_TRUE(UpsertPerson(repos_, per).ok());
  EXPECT_THAT(store_.FindPerson("p")->value().role_ids, ElementsAre("s"));
  EXPECT_THAT(UnassignRole(repos_, "p", "s").status().message(), HasSubstr("from a position rule, not by hand"));
  ASSERT_TRUE(AssignRole(repos_, "p", "s").ok());
  EXPECT_THAT(store_.FindPerson("p")->value().role_origins, ElementsAre(kFromRule | kByHand));
  ASSERT_TRUE(UnassignRole(repos_, "p", "s").ok());
  EXPECT_THAT(store_.FindPerson("p")->value().role_ids, ElementsAre("s")) << "the rule still gives it";
  EXPECT_THAT(UpsertPositionRule(repos_, {"bad", "x", "y*", "", {"s"}}).status().message(),
              HasSubstr("one of the two"));
  EXPECT_THAT(UpsertPositionRule(repos_, {"bad", "x", "", "", {"ghost"}}).status().message(),
              HasSubstr("role_ids[0]: unknown role 'ghost'"));
}

}  // namespace
}  // namespace skillpath::core
