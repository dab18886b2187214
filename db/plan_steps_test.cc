// Working through a plan's steps (core/rules/commands.h) against the stores (SQLite and PostgreSQL)
// (issue #10): nobody validates their own competence. The learner's DONE is
// a SELF claim awaiting confirmation; their manager's (or HR's) confirmation
// records the validated level with the confirmer as assessor; a step sent
// back keeps the reason; a plan completes only when every step is finished.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/rules/commands.h"
#include "db/store/stores.h"
#include "testing/db/store_fixture.h"

namespace skillpath::db {
namespace {

using core::PlanStatus;
using core::Source;
using core::StepStatus;
using ::testing::HasSubstr;

constexpr core::Time kNow = 1'780'000'000'000'000;  // 2026-05-28
constexpr core::Time kHour = 3'600'000'000;

class PlanStepsTest : public testing::StoreFixture {
 protected:

  void SetUp() override {
    ASSERT_TRUE(core::UpsertFramework(repos_, testing::DigitalFramework()).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"it", "", "IT"}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"E1", "Kari", "", "it", {}, {}, true}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"L1", "Leder", "", "it", {}, {"it"}, true}).ok());
    for (const char* id : {"grunn", "kurs"}) {
      core::LearningResource r;
      r.id = id;
      r.title = std::string("Kurs ") + id;
      r.mode = core::Mode::kElearning;
      r.hours = 2;
      r.outcomes = {{"pv.gdpr", 0, 3}};
      ASSERT_TRUE(core::UpsertResource(repos_, r).ok());
    }
    core::LearningPlan plan;
    plan.id = "P1";
    plan.person_id = "E1";
    plan.status = PlanStatus::kApproved;
    plan.steps = {{1, "grunn", "Kurs grunn", {{"pv.gdpr", 0, 2}}, kNow, kNow + 1, "", StepStatus::kPlanned, "", ""},
                  {2, "kurs", "Kurs kurs", {{"pv.gdpr", 2, 3}}, kNow, kNow + 1, "", StepStatus::kPlanned, "", ""}};
    plan.created_at = plan.updated_at = kNow;
    ASSERT_TRUE(repos_.plans.PutPlan(plan).ok());
  }

  std::vector<core::Assessment> History() { return *repos_.assessments.ListAssessments("E1", "pv.gdpr"); }
  core::LearningPlan Stored() { return **repos_.plans.FindPlan("P1"); }
};

SKILLPATH_ON_BOTH_BACKENDS(PlanStepsTest);

TEST_P(PlanStepsTest, TheLearnersDoneIsASelfClaimAwaitingConfirmation) {
  auto plan = core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->steps[0].status, StepStatus::kAwaitingConfirmation);
  EXPECT_EQ(plan->status, PlanStatus::kInProgress);
  const core::LearningPlan stored = Stored();
  EXPECT_EQ(stored.steps[0].status, StepStatus::kAwaitingConfirmation);
  EXPECT_EQ(stored.steps[0].claimed_at, kNow);
  auto history = History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].source, Source::kSelf) << "the learner's word is no evidence";
  EXPECT_EQ(history[0].level, 2);
  EXPECT_EQ(history[0].assessor_id, "E1");
  EXPECT_EQ(history[0].evidence_uri, "skillpath:plan/P1/step/1");

  // Saying it again changes nothing and records nothing more.
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow + kHour).ok());
  EXPECT_EQ(History().size(), 1u);
}

TEST_P(PlanStepsTest, TheManagersConfirmationRecordsEvidenceWithTheManagerAsAssessor) {
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow).ok());
  auto plan = core::ConfirmPlanStep(repos_, "P1", 1, true, "", "L1", kNow + kHour);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->steps[0].status, StepStatus::kDone);
  EXPECT_EQ(Stored().steps[0].status, StepStatus::kDone);
  auto history = History();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].source, Source::kEvidence);
  EXPECT_EQ(history[1].level, 2);
  EXPECT_EQ(history[1].assessor_id, "L1");
  EXPECT_EQ(history[1].assessed_at, kNow + kHour);
  EXPECT_THAT(history[1].note, HasSubstr("plan P1, step 1"));
  EXPECT_EQ(history[1].evidence_uri, "skillpath:plan/P1/step/1");
  // Only a step awaiting confirmation is answered.
  EXPECT_EQ(core::ConfirmPlanStep(repos_, "P1", 1, true, "", "L1", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(core::ConfirmPlanStep(repos_, "P1", 2, true, "", "L1", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(PlanStepsTest, SentBackTheStepIsStartedAgainWithTheReasonKept) {
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow).ok());
  auto no_reason = core::ConfirmPlanStep(repos_, "P1", 1, false, "", "L1", kNow);
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_reason.status().message(), HasSubstr("comment"));
  auto plan = core::ConfirmPlanStep(repos_, "P1", 1, false, "Ta testen på slutten av kurset først", "L1", kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  const core::LearningPlan stored = Stored();
  EXPECT_EQ(stored.steps[0].status, StepStatus::kStarted);
  EXPECT_EQ(stored.steps[0].comment, "Ta testen på slutten av kurset først");
  EXPECT_EQ(History().size(), 1u) << "no evidence; the claim stays in the history";

  // Done again: awaiting once more; the earlier claim of the same level
  // still stands, so nothing new is recorded.
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow + kHour).ok());
  EXPECT_EQ(Stored().steps[0].status, StepStatus::kAwaitingConfirmation);
  EXPECT_EQ(Stored().steps[0].claimed_at, kNow + kHour);
  EXPECT_EQ(History().size(), 1u);
}

TEST_P(PlanStepsTest, NobodyConfirmsTheirOwnStep) {
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow).ok());
  auto own = core::ConfirmPlanStep(repos_, "P1", 1, true, "", "E1", kNow);
  EXPECT_EQ(own.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Stored().steps[0].status, StepStatus::kAwaitingConfirmation);
  EXPECT_EQ(History().size(), 1u);
}

TEST_P(PlanStepsTest, TheManagersOwnDoneIsValidatedAtOnce) {
  auto plan = core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "L1", kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->steps[0].status, StepStatus::kDone);
  auto history = History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].source, Source::kEvidence);
  EXPECT_EQ(history[0].assessor_id, "L1");
}

TEST_P(PlanStepsTest, APlanCompletesOnlyWhenEveryStepIsDoneOrSkipped) {
  ASSERT_TRUE(core::UpdatePlanStep(repos_, "P1", 1, StepStatus::kDone, "E1", kNow).ok());
  auto plan = core::UpdatePlanStep(repos_, "P1", 2, StepStatus::kSkipped, "E1", kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->status, PlanStatus::kInProgress) << "step 1 still awaits confirmation";
  auto completed = core::SetPlanStatus(repos_, "P1", PlanStatus::kCompleted, kNow);
  EXPECT_EQ(completed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(completed.status().message(), HasSubstr("AWAITING_CONFIRMATION"));
  plan = core::ConfirmPlanStep(repos_, "P1", 1, true, "Bra", "L1", kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->status, PlanStatus::kCompleted);
  EXPECT_EQ(Stored().steps[0].comment, "Bra");
}

}  // namespace
}  // namespace skillpath::db
