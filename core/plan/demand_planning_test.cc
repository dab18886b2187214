// The stages of training demand (core/plan/demand_planning.h) on a small
// snapshot: saved plans count as they are, fresh plans are made for the
// others and take session seats after the saved plans' bookings.
#include "core/plan/demand_planning.h"

#include <gtest/gtest.h>

#include "core/testing/personvern_unit.h"

#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

constexpr Time kNow = 1'767'225'600'000'000LL;  // 2026-01-01
constexpr Time kDay = 86'400'000'000LL;

std::shared_ptr<const IndexSnapshot> Snapshot() {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  testing::AddPersonvernUnit(b, {"anne", "bjorn", "cato"});
  LearningResource workshop = testing::Resource("workshop", "Personvernverksted", Mode::kWorkshop, 6, {{"c1", 0, 2}});
  workshop.sessions = {{"s1", kNow + 30 * kDay, kNow + 30 * kDay + 6 * 3600'000'000LL, 1, "Rådhuset", 0}};
  b.SetCatalogue({workshop});
  return b.Build();
}

TEST(DemandPlanning, FreshPlansTakeTheSeatsTheSavedPlansLeft) {
  auto index = Snapshot();
  PlanOptions options;
  options.weekly_hours = 3;
  options.start = kNow;
  std::vector<DemandMember> members(3);
  for (size_t i = 0; i < 3; ++i) members[i].person = index->people.Get(static_cast<uint32_t>(i));
  // anne has a saved plan that holds the only seat of s1.
  LearningPlan saved;
  saved.id = "p-anne";
  saved.person_id = members[0].person->id;
  saved.status = PlanStatus::kApproved;
  PlanStep step;
  step.seq = 1;
  step.resource_id = "workshop";
  step.session_id = "s1";
  saved.steps = {step};
  LearningPlan cancelled = saved;
  cancelled.id = "p-old";
  cancelled.status = PlanStatus::kCancelled;
  members[0].saved = ActivePlan({saved, cancelled});
  ASSERT_TRUE(members[0].saved);
  EXPECT_EQ(members[0].saved->id, "p-anne");
  EXPECT_FALSE(ActivePlan({cancelled}));

  std::vector<DemandDraft> drafts;
  for (const DemandMember& m : members) drafts.push_back(DraftDemand(*index, m, options, kNow, 5000));
  EXPECT_FALSE(drafts[0].fresh) << "a saved plan is not planned again";
  ASSERT_TRUE(drafts[1].fresh);
  ASSERT_EQ(drafts[1].fresh->steps.size(), 1u);
  EXPECT_EQ(drafts[1].input.goals.size(), 1u);

  SessionBookings bookings = {{{"workshop", "s1"}, 1}};  // anne's seat, as stored
  FinishedDemand finished = FinishDemand(members, drafts, *index->catalogue, options, bookings, 0);
  EXPECT_EQ(finished.fresh_plans, 2u);
  ASSERT_EQ(finished.demand.resources.size(), 1u);
  const ResourceDemandResult& r = finished.demand.resources[0];
  EXPECT_EQ(r.learners, 3);
  EXPECT_EQ(r.unscheduled, 2) << "bjørn and cato find the one seat taken";
  EXPECT_EQ(r.extra_sessions_needed, 2);
}

// A fresh plan goes at the person's own hours a week (Person.weekly_hours,
// DemandMember::weekly_hours) where they have set them, else at the
// request's: the same two steps land in different quarters.
TEST(DemandPlanning, FreshPlansGoAtEachPersonsOwnHoursAWeek) {
  IndexBuilder b(std::make_shared<const IndexSnapshot>());
  testing::AddPersonvernUnit(b, {"anne", "bjorn"});
  b.SetCatalogue({testing::Resource("grunnkurs", "Personvern grunnkurs", Mode::kElearning, 30, {{"c1", 0, 1}}),
                  testing::Resource("videre", "Personvern videregående", Mode::kElearning, 1, {{"c1", 1, 2}})});
  auto index = b.Build();
  PlanOptions options;
  options.weekly_hours = 1;
  options.start = kNow;
  std::vector<DemandMember> members(2);
  for (size_t i = 0; i < 2; ++i) members[i].person = index->people.Get(static_cast<uint32_t>(i));
  members[0].weekly_hours = 10;  // anne: 30 hours in three weeks; bjørn: thirty weeks at the request's one hour
  std::vector<DemandDraft> drafts;
  for (const DemandMember& m : members) drafts.push_back(DraftDemand(*index, m, options, kNow, 5000));
  FinishedDemand finished = FinishDemand(members, drafts, *index->catalogue, options, {}, 0);
  ASSERT_EQ(finished.fresh_plans, 2u);
  const ResourceDemandResult* videre = nullptr;
  for (const auto& r : finished.demand.resources) {
    if (r.resource_id == "videre") videre = &r;
  }
  ASSERT_NE(videre, nullptr);
  EXPECT_EQ(videre->quarters, (std::vector<std::pair<std::string, int>>{{"2026-Q1", 1}, {"2026-Q3", 1}}));
}

}  // namespace
}  // namespace skillpath::core
