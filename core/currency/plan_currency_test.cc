// Whether a saved plan still fits its person (core/currency/plan_currency.h):
// a self-rating makes a step unneeded, a prerequisite stays needed while the
// step after it is, a raised target or an expired rating makes the plan
// not enough, and closed plans and finished steps are left alone.
#include "core/currency/plan_currency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/plan/person_plan.h"
#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

using ::testing::HasSubstr;

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01
constexpr Time kDay = 86'400'000'000LL;

// anne (role "r") needs Personvern (c1) at 3 and Tjenestedesign (c2) at 2,
// both REQUIRED, on a scale of four levels. grunn (c1 0->1) comes before
// kurs (c1 1->3); design raises c2 0->2.
class PlanCurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Framework f;
    f.id = "fw";
    f.name = "FW";
    f.scale.levels = {{1, "1", "", {}}, {2, "2", "", {}}, {3, "3", "", {}}, {4, "4", "", {}}};
    f.areas = {{"a", "A", "", {{"c1", "", "Personvern", "", {}}, {"c2", "", "Tjenestedesign", "", {}}}}};
    b().SetFrameworks({f});
    b().SetUnits({{"u", "", "U"}});
    b().SetRoles({Role{"r", "Rådgiver", "", {}, {{"c1", 3, Priority::kRequired, 1}, {"c2", 2, Priority::kRequired, 1}}},
                  Role{"ekspert", "Ekspert", "", {}, {{"c1", 4, Priority::kRequired, 1}}},
                  Role{"smal", "Smal", "", {}, {{"c1", 3, Priority::kRequired, 1}}}});
    b().UpsertPerson({"anne", "Anne", "", "u", {"r"}, {}, true});
    LearningResource grunn = testing::Resource("grunn", "Grunnkurs", Mode::kElearning, 2, {{"c1", 0, 1}});
    LearningResource kurs = testing::Resource("kurs", "Personvernkurs", Mode::kElearning, 7, {{"c1", 1, 3}});
    kurs.prerequisite_ids = {"grunn"};
    LearningResource design = testing::Resource("design", "Tjenestedesign", Mode::kElearning, 3, {{"c2", 0, 2}});
    b().SetCatalogue({grunn, kurs, design});
  }

  void Rate(const std::string& competence, int level, Source source, Time at = kNow - kDay,
            std::optional<Time> expires = std::nullopt) {
    Assessment a;
    a.id = "a" + std::to_string(++assessments_);
    a.person_id = "anne";
    a.competence_id = competence;
    a.level = level;
    a.source = source;
    a.assessed_at = at;
    a.expires_at = expires;
    b().AddAssessment(a);
  }

  // The plan the planner makes for anne now.
  LearningPlan Planned() {
    auto index = Build();
    auto result = PlanFor(*index, "anne", kNow, {}, PlanOptions{}, 10000);
    EXPECT_TRUE(result.ok());
    LearningPlan plan = DatedPlan("anne", *result, *index->catalogue, PlanOptions{}, {});
    plan.id = "plan";
    plan.status = PlanStatus::kDraft;
    return plan;
  }

  PlanCurrency Currency(const LearningPlan& plan, Time at = kNow) { return PlanCurrencyOf(*Build(), plan, at); }

  static int Seq(const LearningPlan& plan, const std::string& resource) {
    for (const PlanStep& s : plan.steps) {
      if (s.resource_id == resource) return s.seq;
    }
    ADD_FAILURE() << resource << " not in the plan";
    return 0;
  }

  IndexBuilder& b() { return *builder_; }
  // The snapshot as built so far; later changes build on it.
  std::shared_ptr<const IndexSnapshot> Build() {
    auto index = builder_->Build();
    builder_ = std::make_unique<IndexBuilder>(index);
    return index;
  }

  std::unique_ptr<IndexBuilder> builder_ = std::make_unique<IndexBuilder>(std::make_shared<const IndexSnapshot>());
  int assessments_ = 0;
};

TEST_F(PlanCurrencyTest, AFreshPlanIsCurrent) {
  LearningPlan plan = Planned();
  ASSERT_EQ(plan.steps.size(), 3u);
  PlanCurrency c = Currency(plan);
  EXPECT_TRUE(c.checked);
  ASSERT_EQ(c.steps.size(), 3u);
  for (const StepCurrency& s : c.steps) EXPECT_FALSE(s.no_longer_needed) << s.reason;
  EXPECT_TRUE(c.not_enough.empty());
  EXPECT_FALSE(c.out_of_date());
}

TEST_F(PlanCurrencyTest, ASelfRatingAtTheStepsLevelMakesItUnneeded) {
  LearningPlan plan = Planned();
  Rate("c2", 2, Source::kSelf);
  PlanCurrency c = Currency(plan);
  const int design = Seq(plan, "design");
  EXPECT_TRUE(c.steps[design - 1].no_longer_needed);
  EXPECT_EQ(c.steps[design - 1].reason, "Tjenestedesign is at 2 now (self-rated), the level this step was to reach");
  EXPECT_FALSE(c.steps[Seq(plan, "grunn") - 1].no_longer_needed);
  EXPECT_FALSE(c.steps[Seq(plan, "kurs") - 1].no_longer_needed);
  EXPECT_TRUE(c.out_of_date());
  EXPECT_EQ(c.unneeded_steps(), 1);
  EXPECT_TRUE(c.not_enough.empty());
}

TEST_F(PlanCurrencyTest, APrerequisiteStaysNeededWhileTheStepAfterItIs) {
  LearningPlan plan = Planned();
  Rate("c1", 1, Source::kManager);
  PlanCurrency c = Currency(plan);
  EXPECT_FALSE(c.steps[Seq(plan, "grunn") - 1].no_longer_needed) << "kurs needs grunn first";
  EXPECT_FALSE(c.steps[Seq(plan, "kurs") - 1].no_longer_needed);
  EXPECT_FALSE(c.out_of_date());

  Rate("c1", 3, Source::kManager, kNow - kDay / 2);
  c = Currency(plan);
  EXPECT_TRUE(c.steps[Seq(plan, "grunn") - 1].no_longer_needed);
  EXPECT_TRUE(c.steps[Seq(plan, "kurs") - 1].no_longer_needed);
  EXPECT_THAT(c.steps[Seq(plan, "kurs") - 1].reason, HasSubstr("rated by the manager"));
}

TEST_F(PlanCurrencyTest, ATargetDroppedByARoleChangeMakesItsStepUnneeded) {
  // The role now asks for less: Personvern 3 stays, Tjenestedesign goes.
  LearningPlan plan = Planned();
  b().UpsertPerson({"anne", "Anne", "", "u", {"smal"}, {}, true});
  PlanCurrency c = Currency(plan);
  EXPECT_TRUE(c.steps[Seq(plan, "design") - 1].no_longer_needed);
  EXPECT_EQ(c.steps[Seq(plan, "design") - 1].reason, "Tjenestedesign is no longer a target");
  EXPECT_FALSE(c.steps[Seq(plan, "kurs") - 1].no_longer_needed);
}

TEST_F(PlanCurrencyTest, ARaisedTargetIsNotEnough) {
  LearningPlan plan = Planned();
  b().UpsertPerson({"anne", "Anne", "", "u", {"r", "ekspert"}, {}, true});
  PlanCurrency c = Currency(plan);
  ASSERT_EQ(c.not_enough.size(), 1u);
  EXPECT_EQ(c.not_enough[0].competence_id, "c1");
  EXPECT_EQ(c.not_enough[0].competence_name, "Personvern");
  EXPECT_EQ(c.not_enough[0].planned_level, 3);
  EXPECT_EQ(c.not_enough[0].needed_level, 4);
  EXPECT_EQ(c.not_enough[0].reason,
            "Personvern has a target of 4 now (needed by Ekspert, Rådgiver); the plan reaches 3");
  EXPECT_TRUE(c.out_of_date());
  for (const StepCurrency& s : c.steps) EXPECT_FALSE(s.no_longer_needed);

  // What the plan listed as uncovered when it was made is no news.
  plan.uncovered = {{"c1", 4, 3, "nothing in the catalogue reaches 4"}};
  EXPECT_TRUE(Currency(plan).not_enough.empty());
}

TEST_F(PlanCurrencyTest, AnExpiredRatingBelowWhereThePlanStartsIsNotEnough) {
  // Rated 1 by the manager until day 10: the plan starts from 1 (kurs
  // only, grunn counted completed); once the rating expires, kurs cannot
  // apply from 0.
  Rate("c1", 1, Source::kManager, kNow - kDay, kNow + 10 * kDay);
  Rate("c2", 2, Source::kManager);
  auto index = Build();
  auto result = PlanFor(*index, "anne", kNow, {"grunn"}, PlanOptions{}, 10000);
  ASSERT_TRUE(result.ok());
  LearningPlan plan = DatedPlan("anne", *result, *index->catalogue, PlanOptions{}, {});
  plan.status = PlanStatus::kApproved;
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_FALSE(Currency(plan).out_of_date());

  PlanCurrency later = Currency(plan, kNow + 11 * kDay);
  ASSERT_EQ(later.not_enough.size(), 1u);
  EXPECT_EQ(later.not_enough[0].planned_level, 0);
  EXPECT_EQ(later.not_enough[0].needed_level, 3);
  EXPECT_EQ(later.not_enough[0].reason,
            "Personvern is at 0 now (no assessment), below the 1 the plan starts from; it reaches 0 of the 3 needed");
}

TEST_F(PlanCurrencyTest, ClosedPlansAndFinishedStepsAreNotJudged) {
  LearningPlan plan = Planned();
  Rate("c2", 2, Source::kSelf);
  Rate("c1", 3, Source::kSelf);
  for (PlanStatus closed : {PlanStatus::kCompleted, PlanStatus::kCancelled}) {
    plan.status = closed;
    PlanCurrency c = Currency(plan);
    EXPECT_FALSE(c.checked);
    EXPECT_FALSE(c.out_of_date());
  }
  plan.status = PlanStatus::kInProgress;
  plan.steps[Seq(plan, "design") - 1].status = StepStatus::kDone;
  plan.steps[Seq(plan, "grunn") - 1].status = StepStatus::kAwaitingConfirmation;
  plan.steps[Seq(plan, "kurs") - 1].status = StepStatus::kStarted;
  PlanCurrency c = Currency(plan);
  EXPECT_FALSE(c.steps[Seq(plan, "design") - 1].no_longer_needed) << "done";
  EXPECT_FALSE(c.steps[Seq(plan, "grunn") - 1].no_longer_needed) << "its confirmer decides";
  EXPECT_TRUE(c.steps[Seq(plan, "kurs") - 1].no_longer_needed) << "a started step is judged";

  // A person the index does not hold: nothing to judge by.
  plan.person_id = "gone";
  EXPECT_FALSE(Currency(plan).checked);
}

// What a DONE step brought is in the levels now; where it has gone since
// is what "not enough" must show, not be hidden by simulating the step again.
TEST_F(PlanCurrencyTest, AManagersLowerRatingAfterADoneStepIsNotEnough) {
  LearningPlan plan = Planned();
  plan.status = PlanStatus::kInProgress;
  plan.steps[Seq(plan, "design") - 1].status = StepStatus::kDone;
  Rate("c2", 2, Source::kEvidence, kNow - 2 * kDay);  // what the step recorded
  Rate("c2", 1, Source::kManager, kNow - kDay);       // the manager says 1
  PlanCurrency c = Currency(plan);
  ASSERT_EQ(c.not_enough.size(), 1u);
  EXPECT_EQ(c.not_enough[0].competence_id, "c2");
  EXPECT_EQ(c.not_enough[0].planned_level, 1);
  EXPECT_EQ(c.not_enough[0].needed_level, 2);
  EXPECT_EQ(c.not_enough[0].reason,
            "Tjenestedesign is at 1 now (rated by the manager), below the 2 a finished step of the plan reached, "
            "and no step left raises it to the 2 needed");
  EXPECT_TRUE(c.out_of_date());
}

TEST_F(PlanCurrencyTest, ACertificationExpiredAfterADoneStepIsNotEnough) {
  LearningPlan plan = Planned();
  plan.status = PlanStatus::kInProgress;
  plan.steps[Seq(plan, "design") - 1].status = StepStatus::kDone;
  Rate("c2", 2, Source::kCertification, kNow - 2 * kDay, kNow + kDay);
  EXPECT_FALSE(Currency(plan).out_of_date()) << "certified at 2 until tomorrow";
  PlanCurrency later = Currency(plan, kNow + 2 * kDay);
  ASSERT_EQ(later.not_enough.size(), 1u);
  EXPECT_EQ(later.not_enough[0].planned_level, 0);
  EXPECT_THAT(later.not_enough[0].reason, HasSubstr("is at 0 now (no assessment)"));
}

// The learner's claim (AWAITING_CONFIRMATION) is a SELF assessment in the
// levels: not simulated either, so a claim withdrawn by a lower rating shows.
TEST_F(PlanCurrencyTest, AStepAwaitingConfirmationIsNotSimulated) {
  LearningPlan plan = Planned();
  plan.status = PlanStatus::kInProgress;
  plan.steps[Seq(plan, "design") - 1].status = StepStatus::kAwaitingConfirmation;
  Rate("c2", 2, Source::kSelf, kNow - 2 * kDay);
  EXPECT_FALSE(Currency(plan).out_of_date());
  Rate("c2", 1, Source::kManager, kNow - kDay);
  EXPECT_EQ(Currency(plan).not_enough.size(), 1u);
}

// PlanCurrencyChecker answers as PlanCurrencyOf does, plan by plan and
// person by person, from one catalogue index.
TEST_F(PlanCurrencyTest, TheCheckerForManyPlansAnswersAsPlanCurrencyOf) {
  b().UpsertPerson({"bo", "Bo", "", "u", {"smal"}, {}, true});
  LearningPlan anne = Planned();
  LearningPlan anne_done = anne;
  anne_done.steps[Seq(anne, "design") - 1].status = StepStatus::kDone;
  LearningPlan bo = anne;
  bo.person_id = "bo";
  LearningPlan gone = anne;
  gone.person_id = "gone";
  LearningPlan closed = anne;
  closed.status = PlanStatus::kCancelled;
  Rate("c1", 1, Source::kManager);
  auto index = Build();
  PlanCurrencyChecker checker(*index, kNow);
  for (const LearningPlan* p : {&anne, &bo, &anne_done, &gone, &closed, &bo}) {
    const PlanCurrency want = PlanCurrencyOf(*index, *p, kNow);
    const PlanCurrency got = checker.Of(*p);
    EXPECT_EQ(got.checked, want.checked) << p->person_id;
    EXPECT_EQ(got.out_of_date(), want.out_of_date()) << p->person_id;
    ASSERT_EQ(got.steps.size(), want.steps.size());
    for (size_t i = 0; i < got.steps.size(); ++i) {
      EXPECT_EQ(got.steps[i].no_longer_needed, want.steps[i].no_longer_needed);
      EXPECT_EQ(got.steps[i].reason, want.steps[i].reason);
    }
    ASSERT_EQ(got.not_enough.size(), want.not_enough.size());
    for (size_t i = 0; i < got.not_enough.size(); ++i) EXPECT_EQ(got.not_enough[i].reason, want.not_enough[i].reason);
  }
  EXPECT_TRUE(checker.Of(bo).steps[Seq(bo, "design") - 1].no_longer_needed) << "bo's role asks no Tjenestedesign";
  EXPECT_TRUE(checker.Of(anne_done).not_enough.size() == 1u) << "design DONE, but c2 is at 0";
  EXPECT_FALSE(checker.Of(gone).checked);
}

}  // namespace
}  // namespace skillpath::core
