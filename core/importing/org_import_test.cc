// Planning and applying an org import (core/importing/org_import.h) against
// in-memory repositories, with tables shaped as HR exports are: what is
// refused (line and column named), what the difference says, and that
// applying it then changes nothing more.
#include "core/importing/org_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "core/rules/commands.h"
#include "core/testing/in_memory_repositories.h"

namespace skillpath::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// A table from lines of ';'-separated cells; the first line is the
// header, data rows are numbered from line 2 as an editor would.
ImportTable Table(const std::vector<std::string>& lines) {
  ImportTable t;
  t.columns = absl::StrSplit(lines.front(), ';');
  for (size_t i = 1; i < lines.size(); ++i) {
    ImportRow row;
    row.line = static_cast<int64_t>(i + 1);
    for (absl::string_view c : absl::StrSplit(lines[i], ';')) row.cells.emplace_back(std::string(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::vector<std::string> Problems(const std::vector<ImportProblem>& list) {
  std::vector<std::string> out;
  for (const ImportProblem& p : list) out.push_back(absl::StrCat(p.line, " ", p.column, ": ", p.message));
  return out;
}

class OrgImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(UpsertOrgUnit(repos_, {"K", "", "Kommune", ""}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"ansatt", "Ansatt", "", {}, {}}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"leder", "Leder", "", {}, {}}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"sykepleier", "Sykepleier", "", {}, {}}).ok());
    ASSERT_TRUE(UpsertRole(repos_, {"personvernombud", "Personvernombud", "", {}, {}}).ok());
  }

  OrgImportPlan Plan(ImportKind kind, const ImportTable& table, const ImportOptions& options = {}) {
    auto plan = PlanOrgImport(repos_, kind, table, options);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? *plan : OrgImportPlan{};
  }
  OrgImportPlan Apply(ImportKind kind, const ImportTable& table, const ImportOptions& options = {}) {
    OrgImportPlan plan = Plan(kind, table, options);
    EXPECT_THAT(Problems(plan.errors), ElementsAre());
    EXPECT_TRUE(ApplyOrgImport(repos_, plan).ok());
    return plan;
  }
  void Units() {
    Apply(ImportKind::kUnits, Table({"Enhetskode;Navn;Overordnet", "HO;Helse og omsorg;K", "SYK;Sykehjem;HO",
                                     "IT;IT-avdelingen;K"}),
          {{{"id", "Enhetskode"}, {"name", "Navn"}, {"parent_id", "Overordnet"}}, {}, false, {}});
  }

  testing::InMemoryRepositories store_;
  Repositories repos_ = store_.repositories();
};

TEST_F(OrgImportTest, UnitsComeInParentsFirstWhateverTheFileOrder) {
  OrgImportPlan plan = Apply(ImportKind::kUnits, Table({"id;name;parent_id", "SYK;Sykehjem;HO", "HO;Helse;K"}));
  EXPECT_EQ(plan.created, 2);
  EXPECT_EQ(plan.units.front().id, "HO");
  EXPECT_EQ(store_.FindOrgUnit("SYK")->value().parent_id, "HO");
}

TEST_F(OrgImportTest, AUnitCycleADuplicateAndAnUnknownParentAreNamedByLineAndColumn) {
  OrgImportPlan plan = Plan(ImportKind::kUnits, Table({"ID;Name;Parent_ID", "A;Enhet A;B", "B;Enhet B;A",
                                                       "C;Enhet C;GONE", "A;Igjen;K", ";Uten id;K"}));
  EXPECT_THAT(Problems(plan.errors),
              ElementsAre("5 ID: unit 'A' appears again (first on line 2)", "6 ID: the id is empty",
                          "2 Parent_ID: the units would form a cycle: A -> B -> A",
                          "4 Parent_ID: unknown unit 'GONE': neither stored nor in the file"));
  EXPECT_FALSE(ApplyOrgImport(repos_, plan).ok()) << "a plan with errors writes nothing";
  EXPECT_FALSE(store_.FindOrgUnit("A")->has_value());
}

TEST_F(OrgImportTest, AColumnNeitherKnownMappedNorIgnoredIsAnError) {
  auto unknown = PlanOrgImport(repos_, ImportKind::kPeople, Table({"Ansattnr;Navn;Stillingsprosent", "1;Kari;100"}),
                               {{{"id", "Ansattnr"}}, {}, false, {}});
  EXPECT_THAT(unknown.status().message(),
              HasSubstr("line 1: columns 'Navn', 'Stillingsprosent' are not person fields (id, name, email, "
                        "org_unit_id, position, manager_id, roles, active); map one with --map FIELD=Navn or leave "
                        "it out with --ignore Navn"));
  auto missing = PlanOrgImport(repos_, ImportKind::kPeople, Table({"Ansattnr;Navn", "1;Kari"}),
                               {{{"id", "Ansatt"}}, {}, false, {}});
  EXPECT_THAT(missing.status().message(), HasSubstr("--map id=Ansatt: line 1 has no column 'Ansatt'"));
  auto no_id = PlanOrgImport(repos_, ImportKind::kPeople, Table({"Name", "Kari"}), {});
  EXPECT_THAT(no_id.status().message(), HasSubstr("line 1: no column holds the person id"));
  auto ignored = PlanOrgImport(repos_, ImportKind::kUnits, Table({"ID;NAME;Kostnadssted", "X;Enhet X;4711"}),
                               {{}, {"Kostnadssted"}, false, {}});
  EXPECT_TRUE(ignored.ok()) << ignored.status();
}

TEST_F(OrgImportTest, PeopleWithAManagerNotInTheFileAndBadCellsAreRejectedByLine) {
  Units();
  OrgImportPlan plan = Plan(ImportKind::kPeople,
                            Table({"id;name;email;org_unit_id;manager_id;roles;active", "1;Kari;kari@k.no;SYK;;ansatt;ja",
                                   "2;Per;per@;SYK;1;ansatt;ja", "3;Ola;;NOPE;1;;ja", "4;Eva;;SYK;99;;ja",
                                   "5;Liv;;SYK;1;spion;ja", "6;Tor;;SYK;1;;kanskje"}));
  EXPECT_THAT(Problems(plan.errors),
              ElementsAre(HasSubstr("3 email: 'per@' is not an e-mail address"), "4 org_unit_id: unknown unit 'NOPE'",
                          "6 roles: unknown role 'spion'", "7 active: 'kanskje' is not true/false, yes/no, ja/nei or 1/0",
                          "5 manager_id: unknown person '99': neither stored nor in the file"));
  EXPECT_EQ(plan.created, 1);
}

TEST_F(OrgImportTest, DryRunDifferenceFieldByFieldAndTheSameFileTwiceChangesNothing) {
  Units();
  const ImportTable first = Table({"id;name;email;org_unit_id;position;manager_id;roles", "1;Kari Leder;kari@k.no;HO;Enhetsleder;;leder",
                                   "2;Per;per@k.no;SYK;Sykepleier;1;ansatt", "3;Ola;;IT;Konsulent;;ansatt"});
  OrgImportPlan created = Apply(ImportKind::kPeople, first);
  EXPECT_EQ(created.created, 3);
  // Per's manager Kari manages Per's unit from the data.
  const Person kari = store_.FindPerson("1")->value();
  EXPECT_THAT(kari.manages_unit_ids, ElementsAre("SYK"));
  EXPECT_THAT(kari.manages_origins, ElementsAre(kFromData));

  OrgImportPlan again = Plan(ImportKind::kPeople, first);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_TRUE(again.nothing_to_do()) << "the same file twice changes nothing";

  const ImportTable second = Table({"id;name;email;org_unit_id;position;manager_id;roles", "1;Kari Leder;kari@k.no;HO;Enhetsleder;;leder",
                                    "2;Per Hansen;per@k.no;SYK;Sykepleier;1;ansatt", "3;Ola;;IT;Konsulent;;ansatt"});
  OrgImportPlan diff = Plan(ImportKind::kPeople, second);
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].kind, ChangeKind::kChanged);
  EXPECT_EQ(diff.changes[0].line, 3);
  ASSERT_EQ(diff.changes[0].fields.size(), 1u);
  EXPECT_EQ(diff.changes[0].fields[0].field, "name");
  EXPECT_EQ(diff.changes[0].fields[0].before, "Per");
  EXPECT_EQ(diff.changes[0].fields[0].after, "Per Hansen");
  EXPECT_EQ(store_.FindPerson("2")->value().name, "Per") << "planning writes nothing";
}

TEST_F(OrgImportTest, SyncDeactivatesExactlyTheLeaversAndKeepsRolesGivenByHand) {
  Units();
  Apply(ImportKind::kPeople, Table({"id;name;org_unit_id;roles", "1;Kari;HO;leder", "2;Per;SYK;ansatt", "3;Ola;IT;ansatt"}));
  ASSERT_TRUE(AssignRole(repos_, "2", "personvernombud").ok());  // by hand
  ASSERT_TRUE(AssignRole(repos_, "2", "ansatt").ok());           // by hand as well as imported

  OrgImportPlan sync = Apply(ImportKind::kPeople, Table({"id;name;org_unit_id;roles", "1;Kari;HO;leder", "2;Per;SYK;"}),
                             {{}, {}, true, {}});
  EXPECT_EQ(sync.deactivated, 1);
  EXPECT_THAT(sync.deactivated_ids, ElementsAre("3"));
  EXPECT_FALSE(store_.FindPerson("3")->value().active);
  const Person per = store_.FindPerson("2")->value();
  EXPECT_TRUE(per.active);
  EXPECT_THAT(per.role_ids, UnorderedElementsAre("personvernombud", "ansatt"))
      << "an empty roles cell takes the imported roles away, never those given by hand";

  // Ola is back: being in the file under --sync makes them active again.
  OrgImportPlan back = Apply(ImportKind::kPeople, Table({"id;name;org_unit_id", "1;Kari;HO", "2;Per;SYK", "3;Ola;IT"}),
                             {{}, {}, true, {}});
  EXPECT_EQ(back.changed, 1);
  EXPECT_TRUE(store_.FindPerson("3")->value().active);
}

TEST_F(OrgImportTest, SyncLimitedToAUnitLeavesEveryoneElseAlone) {
  Units();
  Apply(ImportKind::kPeople, Table({"id;name;org_unit_id", "1;Kari;HO", "2;Per;SYK", "3;Ola;IT"}));
  OrgImportPlan sync = Plan(ImportKind::kPeople, Table({"id;name;org_unit_id", "1;Kari;HO"}), {{}, {}, true, {"HO"}});
  EXPECT_THAT(sync.deactivated_ids, ElementsAre("2")) << "Ola in IT is outside the sync";
  EXPECT_THAT(PlanOrgImport(repos_, ImportKind::kPeople, Table({"id", "1"}), {{}, {}, true, {"NOPE"}}).status().message(),
              HasSubstr("--sync-unit: unknown unit 'NOPE'"));
}

TEST_F(OrgImportTest, AColumnLeftOutKeepsItsStoredValue) {
  Units();
  Apply(ImportKind::kPeople, Table({"id;name;email;org_unit_id", "1;Kari;kari@k.no;HO"}));
  OrgImportPlan plan = Apply(ImportKind::kPeople, Table({"id;org_unit_id", "1;SYK"}));
  EXPECT_EQ(plan.changed, 1);
  const Person kari = store_.FindPerson("1")->value();
  EXPECT_EQ(kari.email, "kari@k.no");
  EXPECT_EQ(kari.name, "Kari");
  EXPECT_EQ(kari.org_unit_id, "SYK");
}

TEST_F(OrgImportTest, PositionRulesGiveRolesAtImportAndAUnitManagerManagesTheUnit) {
  ASSERT_TRUE(UpsertPositionRule(repos_, {"syk", "", "*sykepleier*", "", {"sykepleier"}}).ok());
  ASSERT_TRUE(UpsertPositionRule(repos_, {"7174", "7174", "", "", {"ansatt"}}).ok());
  Apply(ImportKind::kUnits, Table({"id;name;parent_id;manager_id", "HO;Helse;K;1"}));
  OrgImportPlan plan = Apply(ImportKind::kPeople, Table({"id;name;org_unit_id;position", "1;Kari;HO;Avdelingssykepleier",
                                                         "2;Per;HO;7174"}));
  const Person kari = store_.FindPerson("1")->value();
  EXPECT_THAT(kari.role_ids, ElementsAre("sykepleier"));
  EXPECT_THAT(kari.role_origins, ElementsAre(kFromRule));
  EXPECT_THAT(kari.manages_unit_ids, ElementsAre("HO"));
  EXPECT_THAT(store_.FindPerson("2")->value().role_ids, ElementsAre("ansatt"));
  // A rule changed afterwards applies to everyone at once.
  ASSERT_TRUE(DeletePositionRule(repos_, "syk").ok());
  EXPECT_THAT(store_.FindPerson("1")->value().role_ids, ElementsAre());
}

TEST(ParseActive, KnowsNorwegianAndEnglishWords) {
  EXPECT_EQ(ParseActive("Ja"), true);
  EXPECT_EQ(ParseActive(" 0 "), false);
  EXPECT_EQ(ParseActive("sluttet"), false);
  EXPECT_EQ(ParseActive("kanskje"), std::nullopt);
}

}  // namespace
}  // namespace skillpath::core
