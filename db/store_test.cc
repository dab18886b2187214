// The write rules of core/rules/commands.h against the stores (SQLite and PostgreSQL): validation
// that needs stored data, idempotent upserts, and the round trip of every
// entity through the schema.
#include "db/store/stores.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rules/commands.h"
#include "testing/db/store_fixture.h"

namespace skillpath::db {
namespace {

using core::Priority;
using core::Source;
using ::testing::ElementsAre;

MATCHER_P2(StatusIs, code, text, "") {
  return arg.code() == code && std::string(arg.message()).find(text) != std::string::npos;
}

constexpr core::Time kNow = 1'780'000'000'000'000;  // 2026-05-28

class StoreTest : public testing::StoreFixture {
 protected:

  void SetUp() override {
    // With a second competence in pv, and an area "it" whose competence has
    // a scale of its own.
    core::Framework f = testing::DigitalFramework();
    f.areas[0].competences.push_back({"pv.dpia", "", "DPIA", "", {}});
    f.areas.push_back({"it", "IT", "", {{"it.sky", "", "Sky", "", {{{1, "Lav", ""}, {2, "Høy", ""}}}}}});
    ASSERT_TRUE(core::UpsertFramework(repos_, f).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"root", "", "Kommune"}).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"it", "root", "IT"}).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"it.drift", "it", "Drift"}).ok());
    ASSERT_TRUE(core::UpsertRole(repos_, {"ansatt", "Ansatt", "", {}, {{"pv.gdpr", 2, Priority::kRequired, 0}}}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"E1", "Kari", "", "it.drift", {"ansatt"}, {}, true}).ok());
  }

  int Count(const std::string& table) { return static_cast<int>(Scalar("SELECT count(*) FROM " + table)); }

  core::Assessment Assessment(const std::string& id, int level, core::Time at) {
    core::Assessment a;
    a.id = id;
    a.person_id = "E1";
    a.competence_id = "pv.gdpr";
    a.level = level;
    a.source = Source::kSelf;
    a.assessed_at = at;
    return a;
  }
};

SKILLPATH_ON_BOTH_BACKENDS(StoreTest);

TEST_P(StoreTest, FrameworkRoundTripsWithOrderAndOwnScales) {
  auto f = store_.frameworks().FindFramework("fw");
  ASSERT_TRUE(f.ok() && f->has_value());
  EXPECT_EQ((*f)->scale.Top(), 4);
  ASSERT_EQ((*f)->areas.size(), 2u);
  EXPECT_EQ((*f)->areas[0].id, "pv");
  EXPECT_EQ((*f)->areas[0].competences[1].id, "pv.dpia");
  EXPECT_EQ((*f)->areas[1].competences[0].scale.Top(), 2);
  EXPECT_EQ((*f)->areas[1].competences[0].area_id, "it");
  EXPECT_EQ(*store_.frameworks().CompetenceTopLevel("pv.gdpr"), 4);
  EXPECT_EQ(*store_.frameworks().CompetenceTopLevel("it.sky"), 2) << "a competence's own scale wins";
  EXPECT_FALSE(store_.frameworks().CompetenceTopLevel("nope")->has_value());
}

TEST_P(StoreTest, UpsertingTheSameFrameworkTwiceLeavesOneRecord) {
  auto f = *store_.frameworks().FindFramework("fw");
  ASSERT_TRUE(core::UpsertFramework(repos_, *f).ok());
  ASSERT_TRUE(core::UpsertFramework(repos_, *f).ok());
  EXPECT_EQ(Count("frameworks"), 1);
  EXPECT_EQ(Count("competences"), 3);
  EXPECT_EQ(Count("framework_levels"), 4);
  EXPECT_EQ(Count("competence_levels"), 2);
}

TEST_P(StoreTest, AFrameworkCannotTakeAnotherFrameworksCompetence) {
  core::Framework other;
  other.id = "other";
  other.name = "Other";
  other.scale.levels = {{1, "L1", ""}};
  other.areas = {{"x", "X", "", {{"pv.gdpr", "", "Stolen", "", {}}}}};
  EXPECT_THAT(core::UpsertFramework(repos_, other).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "competence 'pv.gdpr' belongs to framework 'fw'"));
}

TEST_P(StoreTest, DroppingACompetenceInUseIsRefusedAndAnUnusedOneGoes) {
  auto f = **store_.frameworks().FindFramework("fw");
  f.areas[0].competences.erase(f.areas[0].competences.begin());  // pv.gdpr: targeted by role ansatt
  EXPECT_THAT(core::UpsertFramework(repos_, f).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "competence 'pv.gdpr'"));
  f = **store_.frameworks().FindFramework("fw");
  f.areas[0].competences.pop_back();  // pv.dpia: unused
  ASSERT_TRUE(core::UpsertFramework(repos_, f).ok());
  EXPECT_FALSE(store_.frameworks().CompetenceTopLevel("pv.dpia")->has_value());
}

TEST_P(StoreTest, OrgUnitParentMustExistAndNotFormACycle) {
  EXPECT_THAT(core::UpsertOrgUnit(repos_, {"x", "ghost", "X"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "parent_id: unknown org unit 'ghost'"));
  EXPECT_THAT(core::UpsertOrgUnit(repos_, {"root", "it.drift", "Kommune"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "root -> it.drift -> it -> root"));
  EXPECT_EQ((*store_.org().FindOrgUnit("root"))->parent_id, "") << "the refused change is not written";
}

TEST_P(StoreTest, RoleTargetsAreCheckedAgainstTheCompetenceScale) {
  EXPECT_THAT(core::UpsertRole(repos_, {"r", "R", "", {}, {{"ghost", 1, Priority::kRequired, 1}}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "targets[0].competence_id: unknown competence 'ghost'"));
  EXPECT_THAT(core::UpsertRole(repos_, {"r", "R", "", {}, {{"it.sky", 3, Priority::kRequired, 1}}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "targets[0].level: level 3 is outside the scale"));
  EXPECT_THAT(core::UpsertRole(repos_, {"r", "R", "", {"ghost"}, {}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "inherits_role_ids[0]: unknown role 'ghost'"));
  auto stored = core::UpsertRole(repos_, {"r", "R", "", {}, {{"it.sky", 2, Priority::kDesired, 0}}});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->targets[0].weight, 1) << "a missing weight means 1";
}

TEST_P(StoreTest, RoleInheritanceCannotFormACycle) {
  ASSERT_TRUE(core::UpsertRole(repos_, {"leder", "Leder", "", {"ansatt"}, {}}).ok());
  ASSERT_TRUE(core::UpsertRole(repos_, {"sjef", "Sjef", "", {"leder"}, {}}).ok());
  EXPECT_THAT(core::UpsertRole(repos_, {"ansatt", "Ansatt", "", {"sjef"}, {}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "ansatt -> sjef -> leder -> ansatt"));
  EXPECT_TRUE((*store_.org().FindRole("ansatt"))->inherits_role_ids.empty());
}

TEST_P(StoreTest, PersonReferencesMustExist) {
  EXPECT_THAT(core::UpsertPerson(repos_, {"E2", "Ola", "", "ghost", {}, {}, true}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "org_unit_id: unknown org unit 'ghost'"));
  EXPECT_THAT(core::UpsertPerson(repos_, {"E2", "Ola", "", "it", {"ghost"}, {}, true}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "role_ids[0]: unknown role 'ghost'"));
  EXPECT_THAT(core::UpsertPerson(repos_, {"E2", "Ola", "", "it", {}, {"ghost"}, true}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "manages_unit_ids[0]: unknown org unit 'ghost'"));
  EXPECT_FALSE(store_.org().FindPerson("E2")->has_value());
}

TEST_P(StoreTest, AssignAndUnassignRole) {
  ASSERT_TRUE(core::UpsertRole(repos_, {"leder", "Leder", "", {}, {}}).ok());
  auto p = core::AssignRole(repos_, "E1", "leder");
  ASSERT_TRUE(p.ok());
  EXPECT_THAT(p->role_ids, ElementsAre("ansatt", "leder"));
  ASSERT_TRUE(core::AssignRole(repos_, "E1", "leder").ok()) << "assigning twice is a no-op";
  EXPECT_EQ(Count("person_roles"), 2);
  EXPECT_THAT(core::AssignRole(repos_, "E1", "ghost").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "role_id: unknown role 'ghost'"));
  EXPECT_THAT(core::AssignRole(repos_, "ghost", "leder").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "person_id: unknown person 'ghost'"));
  ASSERT_TRUE(core::UnassignRole(repos_, "E1", "ansatt").ok());
  EXPECT_THAT((*store_.org().FindPerson("E1"))->role_ids, ElementsAre("leder"));
  EXPECT_THAT(core::UnassignRole(repos_, "E1", "ansatt").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "does not have role 'ansatt'"));
}

TEST_P(StoreTest, AssessmentsAreCheckedAndKeptAsHistoryInTimeOrder) {
  EXPECT_THAT(core::RecordAssessment(repos_, Assessment("a0", 5, kNow), kNow).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "level: level 5 is outside the scale"));
  auto ghost = Assessment("a0", 1, kNow);
  ghost.person_id = "ghost";
  EXPECT_THAT(core::RecordAssessment(repos_, ghost, kNow).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "person_id: unknown person 'ghost'"));
  ghost = Assessment("a0", 1, kNow);
  ghost.competence_id = "ghost";
  EXPECT_THAT(core::RecordAssessment(repos_, ghost, kNow).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "competence_id: unknown competence 'ghost'"));
  EXPECT_THAT(core::RecordAssessment(repos_, Assessment("a0", 1, kNow + 3'600'000'000), kNow).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "assessed_at: lies in the future"));

  ASSERT_TRUE(core::RecordAssessment(repos_, Assessment("late", 3, kNow - 10), kNow).ok());
  ASSERT_TRUE(core::RecordAssessment(repos_, Assessment("early", 1, kNow - 1000), kNow).ok());
  ASSERT_TRUE(core::RecordAssessment(repos_, Assessment("late2", 2, kNow - 10), kNow).ok());
  auto unset = Assessment("now", 2, 0);
  auto stored = core::RecordAssessment(repos_, unset, kNow);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->assessed_at, kNow) << "assessed_at defaults to when it is recorded";
  auto list = *store_.assessments().ListAssessments("E1", "");
  std::vector<std::string> ids;
  for (const auto& a : list) ids.push_back(a.id);
  EXPECT_THAT(ids, ElementsAre("early", "late", "late2", "now")) << "oldest first; equal times in recorded order";
}

TEST_P(StoreTest, RecordingTheSameAssessmentAgainIsASafeRetry) {
  auto a = Assessment("a1", 2, kNow - 5);
  ASSERT_TRUE(core::RecordAssessment(repos_, a, kNow).ok());
  ASSERT_TRUE(core::RecordAssessment(repos_, a, kNow).ok());
  EXPECT_EQ(Count("assessments"), 1);
  a.level = 3;
  EXPECT_THAT(core::RecordAssessment(repos_, a, kNow).status(),
              StatusIs(absl::StatusCode::kAlreadyExists, "already exists with other content"));
}

TEST_P(StoreTest, AssessmentsCannotBeUpdatedInTheDatabase) {
  ASSERT_TRUE(core::RecordAssessment(repos_, Assessment("a1", 2, kNow - 5), kNow).ok());
  EXPECT_FALSE(Sql("UPDATE assessments SET level = 4").ok());
  EXPECT_EQ(Scalar("SELECT level FROM assessments"), 2);
}

core::LearningResource Resource(const std::string& id, std::vector<std::string> prereqs = {}) {
  core::LearningResource r;
  r.id = id;
  r.title = "Kurs " + id;
  r.mode = core::Mode::kElearning;
  r.hours = 2;
  r.outcomes = {{"pv.gdpr", 0, 2}};
  r.prerequisite_ids = std::move(prereqs);
  return r;
}

TEST_P(StoreTest, ResourcesAreCheckedAndPrerequisitesCannotCycle) {
  auto bad = Resource("r1");
  bad.outcomes[0].competence_id = "ghost";
  EXPECT_THAT(core::UpsertResource(repos_, bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "outcomes[0].competence_id: unknown competence 'ghost'"));
  bad = Resource("r1");
  bad.outcomes[0] = {"it.sky", 1, 3};
  EXPECT_THAT(core::UpsertResource(repos_, bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "outcomes[0].reaches_level: level 3 is outside"));
  EXPECT_THAT(core::UpsertResource(repos_, Resource("r1", {"ghost"})).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "prerequisite_ids[0]: unknown resource 'ghost'"));

  ASSERT_TRUE(core::UpsertResource(repos_, Resource("a")).ok());
  ASSERT_TRUE(core::UpsertResource(repos_, Resource("b", {"a"})).ok());
  ASSERT_TRUE(core::UpsertResource(repos_, Resource("c", {"b"})).ok());
  EXPECT_THAT(core::UpsertResource(repos_, Resource("a", {"c"})).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "a -> c -> b -> a"));

  EXPECT_THAT(core::DeleteResource(repos_, "b"), StatusIs(absl::StatusCode::kFailedPrecondition, "prerequisite of c"));
  EXPECT_THAT(core::DeleteResource(repos_, "ghost"), StatusIs(absl::StatusCode::kNotFound, "ghost"));
  ASSERT_TRUE(core::DeleteResource(repos_, "c").ok());
  EXPECT_EQ(Count("resources"), 2);
  EXPECT_EQ(Count("resource_prerequisites"), 1);
}

TEST_P(StoreTest, ResourceRoundTripsWithSessions) {
  auto r = Resource("kurs");
  r.mode = core::Mode::kClassroom;
  r.cost = 1500.5;
  r.language = "nb";
  r.sessions = {{"s1", kNow, kNow + 3600, 12, "Rådhuset", 4000}};
  ASSERT_TRUE(core::UpsertResource(repos_, r).ok());
  ASSERT_TRUE(core::UpsertResource(repos_, r).ok());
  auto back = **store_.catalog().FindResource("kurs");
  EXPECT_EQ(back.cost, 1500.5);
  ASSERT_EQ(back.sessions.size(), 1u);
  EXPECT_EQ(back.sessions[0].location, "Rådhuset");
  EXPECT_EQ(back.sessions[0].end, kNow + 3600);
  EXPECT_EQ(Count("resource_sessions"), 1);
  EXPECT_EQ(store_.catalog().ListResources("pv.gdpr")->size(), 1u);
  EXPECT_EQ(store_.catalog().ListResources("it.sky")->size(), 0u);
}

TEST_P(StoreTest, ListPeopleBySubtreeAndPage) {
  for (int i = 2; i <= 5; ++i) {
    ASSERT_TRUE(core::UpsertPerson(repos_, {"E" + std::to_string(i), "P", "", i % 2 ? "it" : "root", {}, {}, true}).ok());
  }
  EXPECT_EQ(store_.org().ListPeople("", false, "", 100)->size(), 5u);
  EXPECT_EQ(store_.org().ListPeople("it", false, "", 100)->size(), 2u);          // E3, E5
  EXPECT_EQ(store_.org().ListPeople("it", true, "", 100)->size(), 3u);           // + E1 in it.drift
  EXPECT_EQ(store_.org().ListPeople("root", true, "", 100)->size(), 5u);
  auto page = *store_.org().ListPeople("", false, "E2", 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "E3");
  EXPECT_EQ(page[1].id, "E4");
}

// The read index's bulk path after an import: FindPeople gives each person
// as FindPerson does, in chunks of 64 (a short last one included), links
// and their order kept, unknown ids left out.
TEST_P(StoreTest, FindPeopleGivesWhatFindPersonGivesForMany) {
  ASSERT_TRUE(core::UpsertRole(repos_, {"leder", "Leder", "", {}, {}}).ok());
  std::vector<std::string> ids = {"E1", "ghost"};
  for (int i = 2; i < 140; ++i) {
    core::Person p{"P" + std::to_string(i), "P", "", i % 3 ? "it" : "root", {}, {}, true};
    if (i % 2) p.role_ids = {"leder", "ansatt"};
    if (i % 5 == 0) p.manages_unit_ids = {"it.drift", "it"};
    ASSERT_TRUE(core::UpsertPerson(repos_, p).ok());
    ids.push_back(p.id);
  }
  auto found = store_.org().FindPeople(ids);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), ids.size() - 1) << "all but the ghost";
  for (const core::Person& p : *found) {
    auto one = store_.org().FindPerson(p.id);
    ASSERT_TRUE(one.ok() && one->has_value()) << p.id;
    EXPECT_EQ(p.name, (*one)->name);
    EXPECT_EQ(p.org_unit_id, (*one)->org_unit_id);
    EXPECT_EQ(p.role_ids, (*one)->role_ids) << p.id;
    EXPECT_EQ(p.role_origins, (*one)->role_origins) << p.id;
    EXPECT_EQ(p.manages_unit_ids, (*one)->manages_unit_ids) << p.id;
  }
}

}  // namespace
}  // namespace skillpath::db
