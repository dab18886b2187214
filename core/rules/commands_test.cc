// The write rules (core/rules/commands.h) against in-memory repositories
// (core/testing/in_memory_repositories.h): what each refuses, naming the
// field, and what it stores — without SQL or transport.
#include "core/rules/commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "core/testing/in_memory_repositories.h"
#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

using ::testing::HasSubstr;

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Framework f;
    f.id = "fw";
    f.name = "Rammeverk";
    f.scale.levels = {{1, "Grunnleggende", ""}, {2, "Selvstendig", ""}, {3, "Ekspert", ""}};
    f.areas = {{"a", "Område", "", {{"c1", "", "Personvern", "", {}}, {"c2", "", "Skytjenester", "", {}}}}};
    ASSERT_TRUE(UpsertFramework(repos_, f).ok());
    ASSERT_TRUE(UpsertOrgUnit(repos_, {"root", "", "Kommune"}).ok());
    ASSERT_TRUE(UpsertOrgUnit(repos_, {"it", "root", "IT"}).ok());
    Role role{"r", "Rådgiver", "", {}, {{"c1", 2, Priority::kRequired, 0}}};
    ASSERT_TRUE(UpsertRole(repos_, role).ok());
    ASSERT_TRUE(UpsertPerson(repos_, Person{"p1", "Kari", "kari@example.no", "it", {"r"}, {}, true}).ok());
    ASSERT_TRUE(UpsertPerson(repos_, Person{"m1", "Ola", "ola@example.no", "root", {}, {"it"}, true}).ok());
    ASSERT_TRUE(
        UpsertResource(repos_, testing::Resource("course", "Personvern i praksis", Mode::kElearning, 4, {{"c1", 0, 2}}))
            .ok());
  }

  Assessment Rating(const std::string& id, int level) {
    Assessment a;
    a.id = id;
    a.person_id = "p1";
    a.competence_id = "c1";
    a.level = level;
    a.source = Source::kManager;
    a.assessor_id = "m1";
    a.assessed_at = kNow - 1000;
    return a;
  }

  // A plan of p1's with one step, stored as it is (APPROVED plan1 on
  // `course` by default).
  LearningPlan StorePlan(const std::string& id = "plan1", PlanStatus status = PlanStatus::kApproved,
                         const std::string& resource = "course") {
    LearningPlan plan;
    plan.id = id;
    plan.person_id = "p1";
    plan.status = status;
    PlanStep step;
    step.seq = 1;
    step.resource_id = resource;
    step.changes = {{"c1", 0, 2}};
    plan.steps = {step};
    EXPECT_TRUE(store_.PutPlan(plan).ok());
    return plan;
  }

  testing::InMemoryRepositories store_;
  Repositories repos_ = store_.repositories();
};

TEST_F(CommandsTest, AnUnknownParentOrACycleOfUnitsIsRefusedNamingTheField) {
  auto unknown = UpsertOrgUnit(repos_, {"x", "nowhere", "X"});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("parent_id: unknown org unit 'nowhere'"));
  auto cycle = UpsertOrgUnit(repos_, {"root", "it", "Kommune"});
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(cycle.status().message(), HasSubstr("parent_id: this parent would form a cycle"));
  auto units = store_.ListOrgUnits();
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(units->size(), 2u) << "nothing written";
}

TEST_F(CommandsTest, RoleTargetsMustLieOnTheCompetencesScaleAndInheritanceMayNotLoop) {
  auto above = UpsertRole(repos_, Role{"r2", "R2", "", {}, {{"c1", 4, Priority::kRequired, 1}}});
  EXPECT_EQ(above.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(above.status().message(), HasSubstr("targets[0].level: level 4 is outside the scale"));
  auto unknown = UpsertRole(repos_, Role{"r2", "R2", "", {}, {{"nope", 1, Priority::kRequired, 1}}});
  EXPECT_THAT(unknown.status().message(), HasSubstr("targets[0].competence_id: unknown competence 'nope'"));
  ASSERT_TRUE(UpsertRole(repos_, Role{"r2", "R2", "", {"r"}, {}}).ok());
  auto loop = UpsertRole(repos_, Role{"r", "Rådgiver", "", {"r2"}, {}});
  EXPECT_THAT(loop.status().message(), HasSubstr("inherits_role_ids: this inheritance would form a cycle"));
  auto stored = UpsertRole(repos_, Role{"r3", "R3", "", {}, {{"c2", 1, Priority::kDesired, 0}}});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->targets[0].weight, 1) << "weight 0 means 1";
}

TEST_F(CommandsTest, APersonNeedsAKnownUnitRolesAndManagedUnits) {
  auto unit = UpsertPerson(repos_, Person{"p2", "Per", "per@example.no", "gone", {}, {}, true});
  EXPECT_THAT(unit.status().message(), HasSubstr("org_unit_id: unknown org unit 'gone'"));
  auto role = UpsertPerson(repos_, Person{"p2", "Per", "per@example.no", "it", {"r", "ghost"}, {}, true});
  EXPECT_THAT(role.status().message(), HasSubstr("role_ids[1]: unknown role 'ghost'"));
  auto managed = UpsertPerson(repos_, Person{"p2", "Per", "per@example.no", "it", {}, {"gone"}, true});
  EXPECT_THAT(managed.status().message(), HasSubstr("manages_unit_ids[0]: unknown org unit 'gone'"));
  EXPECT_FALSE(*store_.PersonExists("p2"));

  auto assigned = AssignRole(repos_, "p1", "r");
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->role_ids.size(), 1u) << "assigning a role they have changes nothing";
  auto lacking = UnassignRole(repos_, "m1", "r");
  EXPECT_THAT(lacking.status().message(), HasSubstr("role_id: person 'm1' does not have role 'r'"));
}

TEST_F(CommandsTest, AssessmentsAreAppendOnlyAndARetryWithTheSameContentIsSafe) {
  auto first = RecordAssessment(repos_, Rating("a1", 2), kNow);
  ASSERT_TRUE(first.ok()) << first.status();
  auto retry = RecordAssessment(repos_, Rating("a1", 2), kNow);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(store_.assessments().size(), 1u) << "the retry stores nothing";
  auto changed = RecordAssessment(repos_, Rating("a1", 3), kNow);
  EXPECT_EQ(changed.status().code(), absl::StatusCode::kAlreadyExists);

  auto outside = RecordAssessment(repos_, Rating("a2", 4), kNow);
  EXPECT_THAT(outside.status().message(), HasSubstr("level: level 4 is outside the scale of competence 'c1' (0..3)"));
  Assessment future = Rating("a3", 1);
  future.assessed_at = kNow + 24LL * 3600 * 1000000;
  EXPECT_THAT(RecordAssessment(repos_, future, kNow).status().message(), HasSubstr("assessed_at: lies in the future"));
  Assessment stranger = Rating("a4", 1);
  stranger.assessor_id = "nobody";
  EXPECT_THAT(RecordAssessment(repos_, stranger, kNow).status().message(),
              HasSubstr("assessor_id: unknown person 'nobody'"));
  Assessment unset = Rating("a5", 1);
  unset.assessed_at = 0;
  auto stamped = RecordAssessment(repos_, unset, kNow);
  ASSERT_TRUE(stamped.ok());
  EXPECT_EQ(stamped->assessed_at, kNow) << "an unset time is the moment recorded";
  EXPECT_EQ(store_.assessments().size(), 2u);
}

TEST_F(CommandsTest, AFrameworkMayNotDropACompetenceStillInUse) {
  Framework smaller;
  smaller.id = "fw";
  smaller.name = "Rammeverk";
  smaller.scale.levels = {{1, "1", ""}, {2, "2", ""}, {3, "3", ""}};
  smaller.areas = {{"a", "Område", "", {{"c2", "", "Skytjenester", "", {}}}}};
  auto dropped = UpsertFramework(repos_, smaller);
  EXPECT_EQ(dropped.status().code(), absl::StatusCode::kFailedPrecondition) << "role r targets c1";
  Framework other = smaller;
  other.id = "fw2";
  auto stolen = UpsertFramework(repos_, other);
  EXPECT_THAT(stolen.status().message(), HasSubstr("areas[0].id: area 'a' belongs to framework 'fw'"));
}

TEST_F(CommandsTest, ResourcesKeepTheirPrerequisitesAcyclicAndCannotBeDeletedWhileNeeded) {
  LearningResource advanced = testing::Resource("advanced", "Videregående", Mode::kElearning, 8, {{"c1", 2, 3}});
  advanced.prerequisite_ids = {"course"};
  ASSERT_TRUE(UpsertResource(repos_, advanced).ok());
  LearningResource course = *store_.FindResource("course").value();
  course.prerequisite_ids = {"advanced"};
  EXPECT_THAT(UpsertResource(repos_, course).status().message(),
              HasSubstr("prerequisite_ids: these prerequisites would form a cycle"));
  LearningResource too_high = advanced;
  too_high.id = "too-high";
  too_high.outcomes = {{"c1", 0, 5}};
  EXPECT_THAT(UpsertResource(repos_, too_high).status().message(),
              HasSubstr("outcomes[0].reaches_level: level 5 is outside the scale"));

  auto needed = DeleteResource(repos_, "course");
  EXPECT_EQ(needed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(needed.message(), HasSubstr("is a prerequisite of advanced"));
  StorePlan("plan2", PlanStatus::kInProgress, "advanced");
  EXPECT_THAT(DeleteResource(repos_, "advanced").message(), HasSubstr("is a step of active plan plan2"));
  EXPECT_EQ(DeleteResource(repos_, "missing").code(), absl::StatusCode::kNotFound);
}

TEST_F(CommandsTest, PlansMoveOnlyAlongTheirStatesAndCompleteOnlyWhenEveryStepIsFinished) {
  StorePlan();
  auto back = SetPlanStatus(repos_, "plan1", PlanStatus::kDraft, kNow);
  EXPECT_EQ(back.status().code(), absl::StatusCode::kFailedPrecondition);
  auto started = SetPlanStatus(repos_, "plan1", PlanStatus::kInProgress, kNow);
  ASSERT_TRUE(started.ok()) << started.status();
  auto early = SetPlanStatus(repos_, "plan1", PlanStatus::kCompleted, kNow);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition) << "step 1 is not done";
  EXPECT_EQ(SetPlanStatus(repos_, "nope", PlanStatus::kCancelled, kNow).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CommandsTest, AProposedPlanGoesBackWithTheManagersReasonKeptOnIt) {
  StorePlan("plan1", PlanStatus::kProposed);
  // A manager (or HR) sending it back says why.
  auto silent = SetPlanStatus(repos_, "plan1", {PlanStatus::kDraft, "m1", "Mona Leder", "  "}, kNow);
  EXPECT_EQ(silent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(silent.status().message(), HasSubstr("comment: say why the plan is sent back"));
  EXPECT_EQ((*store_.FindPlan("plan1"))->status, PlanStatus::kProposed) << "nothing written";
  auto back = SetPlanStatus(repos_, "plan1", {PlanStatus::kDraft, "m1", "Mona Leder", " Ta GDPR-kurset først. "}, kNow);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->status, PlanStatus::kDraft);
  ASSERT_EQ(back->comments.size(), 1u);
  EXPECT_EQ(back->comments[0].text, "Ta GDPR-kurset først.");
  EXPECT_EQ(back->comments[0].author_id, "m1");
  EXPECT_EQ(back->comments[0].author_name, "Mona Leder");
  EXPECT_EQ(back->comments[0].status, PlanStatus::kDraft);
  EXPECT_EQ(back->comments[0].at, kNow);
  EXPECT_EQ((*store_.FindPlan("plan1"))->comments.size(), 1u) << "stored with the plan";

  // The person answers, proposes again (a comment is optional then), and
  // may take their own proposal back without a word.
  ASSERT_TRUE(AddPlanComment(repos_, "plan1", "p1", "Per", "Gjort: byttet rekkefølge.", kNow + 1).ok());
  EXPECT_THAT(AddPlanComment(repos_, "plan1", "p1", "Per", " \n ", kNow).status().message(),
              HasSubstr("text: must not be empty"));
  EXPECT_THAT(AddPlanComment(repos_, "plan1", "p1", "Per", std::string(4001, 'x'), kNow).status().message(),
              HasSubstr("text: "));
  ASSERT_TRUE(SetPlanStatus(repos_, "plan1", {PlanStatus::kProposed, "p1", "Per", ""}, kNow + 2).ok());
  auto withdrawn = SetPlanStatus(repos_, "plan1", {PlanStatus::kDraft, "p1", "Per", ""}, kNow + 3);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  ASSERT_EQ(withdrawn->comments.size(), 2u);
  EXPECT_EQ(withdrawn->comments[1].status, PlanStatus::kUnspecified) << "a comment alone";
  EXPECT_EQ(withdrawn->comments[1].text, "Gjort: byttet rekkefølge.");
  EXPECT_EQ(AddPlanComment(repos_, "nope", "p1", "Per", "x", kNow).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CommandsTest, APlanKeepsABoundedNumberOfComments) {
  StorePlan("plan1", PlanStatus::kDraft);
  for (size_t i = 0; i < kMaxPlanComments; ++i) {
    ASSERT_TRUE(AddPlanComment(repos_, "plan1", "p1", "Per", absl::StrCat("nr ", i), kNow).ok()) << i;
  }
  auto more = AddPlanComment(repos_, "plan1", "p1", "Per", "one more", kNow);
  EXPECT_EQ(more.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(more.status().message(), HasSubstr("the most a plan keeps"));
}

TEST_F(CommandsTest, TheLearnersOwnDoneIsAClaimAndTheManagersConfirmationTheEvidence) {
  StorePlan();
  auto claimed = UpdatePlanStep(repos_, "plan1", 1, StepStatus::kDone, "p1", kNow);
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_EQ(claimed->steps[0].status, StepStatus::kAwaitingConfirmation);
  ASSERT_EQ(store_.assessments().size(), 1u);
  EXPECT_EQ(store_.assessments()[0].source, Source::kSelf) << "nobody validates their own competence";
  EXPECT_EQ(store_.assessments()[0].level, 2);

  auto own = ConfirmPlanStep(repos_, "plan1", 1, true, "", "p1", kNow);
  EXPECT_EQ(own.status().code(), absl::StatusCode::kPermissionDenied);
  auto without_reason = ConfirmPlanStep(repos_, "plan1", 1, false, "", "m1", kNow);
  EXPECT_EQ(without_reason.status().code(), absl::StatusCode::kInvalidArgument) << "sending back needs a comment";
  auto confirmed = ConfirmPlanStep(repos_, "plan1", 1, true, "", "m1", kNow + 1);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->steps[0].status, StepStatus::kDone);
  EXPECT_EQ(confirmed->status, PlanStatus::kCompleted) << "every step done";
  ASSERT_EQ(store_.assessments().size(), 2u);
  EXPECT_EQ(store_.assessments()[1].source, Source::kEvidence);
  EXPECT_EQ(store_.assessments()[1].assessor_id, "m1");
}

}  // namespace
}  // namespace skillpath::core
