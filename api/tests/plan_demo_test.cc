// Every demo person's plan, under several sets of options, through the same
// core calls GeneratePlan makes, checked by the independent plan checker
// against the demo catalogue (sessions, prerequisites, min levels).
#include <gtest/gtest.h>

#include "core/index/gap_queries.h"
#include "core/plan/planner.h"
#include "core/testing/plan_checker.h"
#include "demo/demo_seed.h"
#include "server/server.h"
#include "testing/db/db_files.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

TEST(DemoPlans, EveryPersonsPlanPassesTheChecker) {
  db::testing::TempDbPath tmp;
  auto server = testing::StartTestServer(tmp.path());
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(SeedDemo(server->InProcessChannel(testing::MintTestToken(*server, core::Grant::kAdmin))).ok());
  const auto snapshot = server->IndexForTest().Current();
  const core::Time now = 1793577600LL * 1000000;  // 2026-11-01

  std::vector<core::PlanOptions> variants(5);
  for (auto& v : variants) v.start = now;
  variants[1].include_desired = true;
  variants[2].weekly_hours = 1.5;
  variants[2].modes = {core::Mode::kElearning, core::Mode::kOnTheJob};
  variants[3].max_cost = 3000;
  variants[3].include_desired = true;
  variants[4].objective = core::Objective::kMinCost;
  variants[4].language = "nb";

  int plans = 0, steps = 0, uncovered = 0, sessions = 0;
  core::SessionBookings none;
  for (uint32_t i = 0; i < snapshot->people.size(); ++i) {
    const core::PersonState* person = snapshot->people.Get(i);
    core::PersonGapResult gap;
    core::ComputeGapOf(*snapshot, *person, now, gap);
    for (const core::PlanOptions& o : variants) {
      core::PlannerInput in;
      in.goals = core::PlanGoalsFor(*snapshot, *person, gap);
      in.catalogue = snapshot->catalogue.get();
      in.options = o;
      core::PlanResult plan = core::PlanLearning(in);
      EXPECT_TRUE(plan.optimal) << person->id;
      const core::DatedSteps dated = core::SchedulePlan(plan, *snapshot->catalogue, o, none);
      const std::vector<core::ScheduledStep>& schedule = dated.schedule;
      SCOPED_TRACE(person->id);
      core::PlanResult ordered = plan;
      ordered.steps = dated.steps;  // in the order the schedule does them
      skillpath::testing::CheckPlan(in, ordered, &schedule, none);
      ++plans;
      steps += static_cast<int>(plan.steps.size());
      uncovered += static_cast<int>(plan.uncovered.size());
      for (const auto& s : schedule) sessions += !s.session_id.empty();
      if (HasFailure()) return;
    }
  }
  EXPECT_EQ(plans, 5 * static_cast<int>(snapshot->people.size()));
  EXPECT_GT(steps, plans) << "the demo has gaps to close";
  EXPECT_GT(uncovered, 0) << "and some the options leave open";
  EXPECT_GT(sessions, 0) << "and classroom steps placed in sessions";
}

}  // namespace
}  // namespace skillpath::services
