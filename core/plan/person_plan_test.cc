// One person's plan from a small snapshot (core/plan/person_plan.h): goals
// from the gap, the search over the catalogue, dates after the seats other
// plans hold, and the seats the plan then takes.
#include "core/plan/person_plan.h"

#include <gtest/gtest.h>

#include "core/testing/personvern_unit.h"
#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01
constexpr Time kDay = 86'400'000'000LL;
constexpr Time kHour = 3'600'000'000LL;

// anne needs Personvern at 2 (a REQUIRED target of her role) and holds 0.
// A 6-hour workshop with two sessions of one seat (day 30 and day 60) and
// a 20-hour e-learning course both reach level 2.
std::shared_ptr<const IndexSnapshot> Snapshot() {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  testing::AddPersonvernUnit(b, {"anne"});
  LearningResource workshop = testing::Resource("workshop", "Personvernverksted", Mode::kWorkshop, 6, {{"c1", 0, 2}});
  workshop.sessions = {{"s1", kNow + 30 * kDay, kNow + 30 * kDay + 6 * kHour, 1, "Rådhuset", 0},
                       {"s2", kNow + 60 * kDay, kNow + 60 * kDay + 6 * kHour, 1, "Rådhuset", 0}};
  LearningResource course = testing::Resource("course", "Personvern på nett", Mode::kElearning, 20, {{"c1", 0, 2}});
  b.SetCatalogue({workshop, course});
  return b.Build();
}

PlanOptions Options() {
  PlanOptions options;
  options.weekly_hours = 3;
  options.start = kNow;
  return options;
}

TEST(PersonPlan, GoalsComeFromTheGap) {
  auto index = Snapshot();
  std::vector<PlanGoal> goals = GoalsOf(*index, *index->people.Get(0), kNow);
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_EQ(goals[0].competence_id, "c1");
  EXPECT_EQ(goals[0].start, 0);
  EXPECT_EQ(goals[0].required, 2);
}

TEST(PersonPlan, SearchTakesTheFewestHoursAndSkipsWhatIsCompleted) {
  auto index = Snapshot();
  const std::vector<PlanGoal> goals = GoalsOf(*index, *index->people.Get(0), kNow);
  PlanResult result = SearchPlan(*index, goals, {}, Options(), 5000);
  ASSERT_EQ(result.steps.size(), 1u);
  EXPECT_EQ(result.steps[0].resource_id, "workshop");
  EXPECT_DOUBLE_EQ(result.total_hours, 6);

  PlanResult without = SearchPlan(*index, goals, {"workshop"}, Options(), 5000);
  ASSERT_EQ(without.steps.size(), 1u);
  EXPECT_EQ(without.steps[0].resource_id, "course") << "a completed workshop is not offered again";
}

TEST(PersonPlan, PlanForFindsThePersonOrSaysWhoIsMissing) {
  auto index = Snapshot();
  absl::StatusOr<PlanResult> result = PlanFor(*index, "anne", kNow, {}, Options(), 5000);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->steps.size(), 1u);
  EXPECT_EQ(result->steps[0].resource_id, "workshop");
  absl::StatusOr<PlanResult> missing = PlanFor(*index, "nobody", kNow, {}, Options(), 5000);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nobody"), std::string::npos);
}

TEST(PersonPlan, DatedAfterTheSeatsOthersHoldAndTakesItsOwn) {
  auto index = Snapshot();
  PlanResult result = SearchPlan(*index, GoalsOf(*index, *index->people.Get(0), kNow), {}, Options(), 5000);
  SessionBookings bookings;
  LearningPlan first = DatedPlan("anne", result, *index->catalogue, Options(), bookings);
  ASSERT_EQ(first.steps.size(), 1u);
  EXPECT_EQ(first.person_id, "anne");
  EXPECT_EQ(first.steps[0].session_id, "s1");
  EXPECT_EQ(first.steps[0].planned_start, kNow + 30 * kDay);

  TakeSeats(first, bookings);
  EXPECT_EQ((bookings[{"workshop", "s1"}]), 1);
  LearningPlan second = DatedPlan("anne", result, *index->catalogue, Options(), bookings);
  ASSERT_EQ(second.steps.size(), 1u);
  EXPECT_EQ(second.steps[0].session_id, "s2") << "s1's only seat is taken";

  TakeSeats(second, bookings);
  LearningPlan third = DatedPlan("anne", result, *index->catalogue, Options(), bookings);
  ASSERT_EQ(third.steps.size(), 1u);
  EXPECT_TRUE(third.steps[0].session_id.empty());
  EXPECT_FALSE(third.steps[0].problem.empty()) << "no seat left: the step says why";
}

}  // namespace
}  // namespace skillpath::core
