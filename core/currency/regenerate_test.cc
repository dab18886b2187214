// Making an open plan again (core/currency/regenerate.h): what is kept, what
// the planner is asked for, the new DRAFT and the cancelled old plan, the
// seats, and the refusals.
#include "core/currency/regenerate.h"

#include <gtest/gtest.h>

#include "core/currency/plan_currency.h"
#include "core/plan/person_plan.h"
#include "core/testing/in_memory_repositories.h"
#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01
constexpr Time kDay = 86'400'000'000LL;
constexpr Time kHour = 3'600'000'000LL;

// anne needs Personvern (c1) at 3 and Tjenestedesign (c2) at 2. grunn
// (c1 0->1) comes before kurs (c1 1->3); verksted (c2 0->2) is a workshop
// with one session of one seat on day 40; design (c2 0->2) e-learning of
// 30 hours.
class RegenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexBuilder b(std::make_shared<const IndexSnapshot>());
    Framework f;
    f.id = "fw";
    f.name = "FW";
    f.scale.levels = {{1, "1", "", {}}, {2, "2", "", {}}, {3, "3", "", {}}, {4, "4", "", {}}};
    f.areas = {{"a", "A", "", {{"c1", "", "Personvern", "", {}}, {"c2", "", "Tjenestedesign", "", {}}}}};
    b.SetFrameworks({f});
    b.SetUnits({{"u", "", "U"}});
    b.SetRoles({Role{"r", "Rådgiver", "", {}, {{"c1", 3, Priority::kRequired, 1}, {"c2", 2, Priority::kRequired, 1}}}});
    b.UpsertPerson({"anne", "Anne", "", "u", {"r"}, {}, true});
    LearningResource grunn = testing::Resource("grunn", "Grunnkurs", Mode::kElearning, 2, {{"c1", 0, 1}});
    grunn.cost = 100;
    LearningResource kurs = testing::Resource("kurs", "Personvernkurs", Mode::kElearning, 7, {{"c1", 1, 3}});
    kurs.prerequisite_ids = {"grunn"};
    kurs.cost = 1000;
    LearningResource verksted = testing::Resource("verksted", "Designverksted", Mode::kWorkshop, 6, {{"c2", 0, 2}});
    verksted.sessions = {{"s1", kNow + 40 * kDay, kNow + 40 * kDay + 6 * kHour, 1, "Rådhuset", 0}};
    LearningResource design = testing::Resource("design", "Design på nett", Mode::kElearning, 30, {{"c2", 0, 2}});
    b.SetCatalogue({grunn, kurs, verksted, design});
    // grunn is done: its evidence is in.
    Assessment done;
    done.id = "e1";
    done.person_id = "anne";
    done.competence_id = "c1";
    done.level = 1;
    done.source = Source::kEvidence;
    done.assessed_at = kNow - kDay;
    b.AddAssessment(done);
    index_ = b.Build();

    // The old plan: grunn DONE, kurs STARTED, verksted PLANNED in s1.
    old_.id = "old";
    old_.person_id = "anne";
    old_.status = PlanStatus::kInProgress;
    old_.options.weekly_hours = 3;
    old_.options.start = kNow - 30 * kDay;
    old_.updated_at = kNow - kDay;
    old_.steps = {Step(1, "grunn", {{"c1", 0, 1}}, StepStatus::kDone),
                  Step(2, "kurs", {{"c1", 1, 3}}, StepStatus::kStarted),
                  Step(3, "verksted", {{"c2", 0, 2}}, StepStatus::kPlanned)};
    old_.steps[2].session_id = "s1";
    ASSERT_TRUE(repos_.PutPlan(old_).ok());
  }

  static PlanStep Step(int seq, std::string resource, std::vector<LevelChange> changes, StepStatus status) {
    PlanStep s;
    s.seq = seq;
    s.resource_id = resource;
    s.title = resource;
    s.changes = std::move(changes);
    s.status = status;
    s.planned_start = kNow - 20 * kDay;
    s.planned_end = kNow - 10 * kDay;
    return s;
  }

  absl::StatusOr<Regeneration> Prepare(const LearningPlan& plan) {
    auto completed = repos_.CompletedResources("anne");
    EXPECT_TRUE(completed.ok());
    return PrepareRegeneration(plan, PersonNowOf(*index_, *index_->people.Get(0), kNow, &plan), *completed,
                               *index_->catalogue, kNow);
  }

  // Prepares `plan` again, searches and saves it as "new".
  absl::StatusOr<LearningPlan> Regenerate(const LearningPlan& plan) {
    EXPECT_TRUE(repos_.PutPlan(plan).ok());
    auto prepared = Prepare(plan);
    if (!prepared.ok()) return prepared.status();
    prepared_ = *prepared;
    PlanResult result = SearchPlan(*index_, prepared->goals, prepared->completed, prepared->options, 10000);
    Repositories repos = repos_.repositories();
    return SaveRegeneration(repos, plan.id, *prepared, result, *index_->catalogue, "new", kNow);
  }

  // A later snapshot with `a` added.
  void Add(const Assessment& a) {
    IndexBuilder b(index_);
    b.AddAssessment(a);
    index_ = b.Build();
  }

  static const PlanStep* Find(const LearningPlan& plan, const std::string& resource) {
    for (const PlanStep& s : plan.steps) {
      if (s.resource_id == resource) return &s;
    }
    return nullptr;
  }

  std::shared_ptr<const IndexSnapshot> index_;
  testing::InMemoryRepositories repos_;
  LearningPlan old_;
  Regeneration prepared_;  // by the last Regenerate
};

TEST_F(RegenerateTest, KeepsDoneAndStartedStepsAndPlansTheRestFromNow) {
  auto prepared = Prepare(old_);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  ASSERT_EQ(prepared->kept.size(), 2u);
  EXPECT_EQ(prepared->kept[0].resource_id, "grunn");
  EXPECT_EQ(prepared->kept[1].resource_id, "kurs");
  EXPECT_EQ(prepared->completed, (std::set<std::string>{"grunn", "kurs"}));
  EXPECT_EQ(prepared->options.start, kNow) << "a start in the past moves to now";
  EXPECT_DOUBLE_EQ(prepared->options.weekly_hours, 3);
  for (const PlanGoal& g : prepared->goals) {
    if (g.competence_id == "c1") EXPECT_EQ(g.start, 3) << "kurs is under way";
    if (g.competence_id == "c2") EXPECT_EQ(g.start, 0);
  }

  PlanResult result = SearchPlan(*index_, prepared->goals, prepared->completed, prepared->options, 10000);
  Repositories repos = repos_.repositories();
  auto plan = SaveRegeneration(repos, "old", *prepared, result, *index_->catalogue, "new", kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->id, "new");
  EXPECT_EQ(plan->status, PlanStatus::kDraft);
  EXPECT_EQ(plan->replaces_plan_id, "old");
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].resource_id, "grunn");
  EXPECT_EQ(plan->steps[0].status, StepStatus::kDone);
  EXPECT_EQ(plan->steps[0].planned_start, kNow - 20 * kDay) << "kept as it was";
  EXPECT_EQ(plan->steps[1].resource_id, "kurs");
  EXPECT_EQ(plan->steps[1].status, StepStatus::kStarted);
  EXPECT_EQ(plan->steps[2].resource_id, "verksted");
  EXPECT_EQ(plan->steps[2].status, StepStatus::kPlanned);
  EXPECT_EQ(plan->steps[2].session_id, "s1") << "the old plan's seat is free once it is cancelled";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(plan->steps[i].seq, i + 1);
  EXPECT_DOUBLE_EQ(plan->total_hours, 2 + 7 + 6);
  EXPECT_DOUBLE_EQ(plan->total_cost, 1100);

  auto old = repos_.FindPlan("old");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->status, PlanStatus::kCancelled);
  EXPECT_EQ((*old)->replaced_by_plan_id, "new");
  auto stored = repos_.FindPlan("new");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->steps.size(), 3u);
  auto bookings = repos_.Bookings();
  ASSERT_TRUE(bookings.ok());
  EXPECT_EQ((*bookings)[std::make_pair(std::string("verksted"), std::string("s1"))], 1) << "one seat, the new plan's";
  EXPECT_FALSE(PlanCurrencyOf(*index_, *plan, kNow).out_of_date());
}

TEST_F(RegenerateTest, AClosedPlanIsNotMadeAgain) {
  old_.status = PlanStatus::kCompleted;
  auto prepared = Prepare(old_);
  EXPECT_EQ(prepared.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(prepared.status().message(),
            "plan 'old' is COMPLETED; only an open plan (DRAFT, PROPOSED, APPROVED or IN_PROGRESS) can be made again");
}

TEST_F(RegenerateTest, APlanChangedOrClosedSinceItWasPreparedIsNotReplaced) {
  auto prepared = Prepare(old_);
  ASSERT_TRUE(prepared.ok());
  PlanResult result = SearchPlan(*index_, prepared->goals, prepared->completed, prepared->options, 10000);
  Repositories repos = repos_.repositories();

  LearningPlan changed = old_;
  changed.updated_at = kNow;
  ASSERT_TRUE(repos_.PutPlan(changed).ok());
  auto plan = SaveRegeneration(repos, "old", *prepared, result, *index_->catalogue, "new", kNow);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kAborted);

  changed.status = PlanStatus::kCancelled;
  ASSERT_TRUE(repos_.PutPlan(changed).ok());
  plan = SaveRegeneration(repos, "old", *prepared, result, *index_->catalogue, "new", kNow);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(repos_.FindPlan("new")->has_value()) << "nothing saved";
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
}

// kurs (needs grunn) and the fresh steps around it: grunn STARTED until day
// 60 is the person's learning time until then, and kurs cannot begin
// before its prerequisite ends.
TEST_F(RegenerateTest, FreshStepsStartWhenTheKeptStartedStepsEnd) {
  LearningPlan old = old_;
  old.steps = {Step(1, "grunn", {{"c1", 0, 1}}, StepStatus::kStarted),
               Step(2, "kurs", {{"c1", 1, 3}}, StepStatus::kPlanned),
               Step(3, "design", {{"c2", 0, 2}}, StepStatus::kPlanned)};
  old.steps[0].planned_start = kNow - kDay;
  old.steps[0].planned_end = kNow + 60 * kDay;
  auto plan = Regenerate(old);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(prepared_.fresh_from, kNow + 60 * kDay);
  const PlanStep* grunn = Find(*plan, "grunn");
  ASSERT_NE(grunn, nullptr);
  EXPECT_EQ(grunn->status, StepStatus::kStarted);
  EXPECT_EQ(grunn->planned_end, kNow + 60 * kDay) << "kept as it was";
  int fresh = 0;
  for (const PlanStep& s : plan->steps) {
    if (s.status != StepStatus::kPlanned) continue;
    ++fresh;
    EXPECT_GE(s.planned_start, grunn->planned_end) << s.resource_id << " overlaps the kept STARTED step";
  }
  EXPECT_GE(fresh, 2) << "kurs and a step for Tjenestedesign";
  ASSERT_NE(Find(*plan, "kurs"), nullptr);
  EXPECT_EQ(plan->options.start, kNow) << "the plan's own start is not moved";
}

// B3: a STARTED step the person no longer needs (they rated themselves at
// its level) is left out, so the plan made again is current, and stays so.
TEST_F(RegenerateTest, AStartedStepNoLongerNeededIsLeftOut) {
  LearningPlan old = old_;
  old.steps = {Step(1, "grunn", {{"c1", 0, 1}}, StepStatus::kDone),
               Step(2, "kurs", {{"c1", 1, 3}}, StepStatus::kPlanned),
               Step(3, "design", {{"c2", 0, 2}}, StepStatus::kStarted)};
  Assessment self;
  self.id = "s1";
  self.person_id = "anne";
  self.competence_id = "c2";
  self.level = 2;
  self.source = Source::kSelf;
  self.assessed_at = kNow - kDay / 2;
  Add(self);
  ASSERT_TRUE(PlanCurrencyOf(*index_, old, kNow).out_of_date());
  auto plan = Regenerate(old);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(Find(*plan, "design"), nullptr);
  ASSERT_EQ(prepared_.dropped.size(), 1u);
  EXPECT_EQ(prepared_.dropped[0].step.resource_id, "design");
  EXPECT_EQ(prepared_.dropped[0].reason, "Tjenestedesign is at 2 now (self-rated), the level this step was to reach");
  EXPECT_NE(Find(*plan, "grunn"), nullptr) << "DONE steps are kept whatever the levels";
  EXPECT_NE(Find(*plan, "kurs"), nullptr);
  EXPECT_FALSE(PlanCurrencyOf(*index_, *plan, kNow).out_of_date());
  EXPECT_DOUBLE_EQ(plan->total_hours, 2 + 7);

  // Made again, it stays as it is.
  LearningPlan again = *plan;
  again.id = "again";
  again.updated_at = kNow;
  auto twice = Regenerate(again);
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_FALSE(PlanCurrencyOf(*index_, *twice, kNow).out_of_date());
}

// A STARTED step still needed only as a prerequisite of an old PLANNED step
// is kept for it; when the new plan takes another way instead of that step,
// the STARTED one is left out too.
TEST_F(RegenerateTest, AStartedPrerequisiteTheNewPlanDoesNotNeedIsLeftOut) {
  // kort raises Personvern 1->3 in fewer hours than kurs and needs nothing first.
  std::vector<LearningResource> catalogue = *index_->catalogue;
  catalogue.push_back(testing::Resource("kort", "Kort personvernkurs", Mode::kElearning, 5, {{"c1", 1, 3}}));
  IndexBuilder b(index_);
  b.SetCatalogue(catalogue);
  index_ = b.Build();
  LearningPlan old = old_;
  // grunn's own change is reached (the evidence of SetUp: Personvern 1).
  old.steps = {Step(1, "grunn", {{"c1", 0, 1}}, StepStatus::kStarted),
               Step(2, "kurs", {{"c1", 1, 3}}, StepStatus::kPlanned),
               Step(3, "verksted", {{"c2", 0, 2}}, StepStatus::kPlanned)};
  const PlanCurrency before = PlanCurrencyOf(*index_, old, kNow);
  ASSERT_FALSE(before.steps[0].no_longer_needed) << "kurs needs grunn first";
  auto plan = Regenerate(old);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_TRUE(prepared_.dropped.empty());
  ASSERT_NE(Find(*plan, "kort"), nullptr);
  EXPECT_EQ(Find(*plan, "kurs"), nullptr);
  EXPECT_EQ(Find(*plan, "grunn"), nullptr) << "nothing in the new plan needs it";
  for (size_t i = 0; i < plan->steps.size(); ++i) EXPECT_EQ(plan->steps[i].seq, static_cast<int>(i) + 1);
  EXPECT_DOUBLE_EQ(plan->total_hours, 5 + 6);
  EXPECT_FALSE(PlanCurrencyOf(*index_, *plan, kNow).out_of_date());
}

// AWAITING_CONFIRMATION steps are kept whatever the levels.
TEST_F(RegenerateTest, StepsAwaitingConfirmationAreKeptWhateverTheLevels) {
  LearningPlan old = old_;
  old.steps = {Step(1, "grunn", {{"c1", 0, 1}}, StepStatus::kAwaitingConfirmation),
               Step(2, "kurs", {{"c1", 1, 3}}, StepStatus::kPlanned),
               Step(3, "design", {{"c2", 0, 2}}, StepStatus::kAwaitingConfirmation)};
  Assessment manager;
  manager.id = "m1";
  manager.person_id = "anne";
  manager.competence_id = "c2";
  manager.level = 2;
  manager.source = Source::kManager;
  manager.assessed_at = kNow - kDay / 2;
  Add(manager);
  auto plan = Regenerate(old);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_NE(Find(*plan, "design"), nullptr);
  EXPECT_EQ(Find(*plan, "design")->status, StepStatus::kAwaitingConfirmation);
  EXPECT_TRUE(prepared_.dropped.empty());
}

}  // namespace
}  // namespace skillpath::core
