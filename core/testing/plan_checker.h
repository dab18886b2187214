#pragma once
// An independent plan checker for tests, written from DESIGN.md's rules and
// not from core/plan/planner.cc: levels simulated step by step, prerequisites,
// options, coverage of the gaps, totals, and the schedule rules. Every plan
// generated in the tests goes through it. Header-only: core types and
// GoogleTest assertions.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/plan/planner.h"

namespace skillpath::testing {

using core::LearningResource;
using core::LevelChange;
using core::Mode;
using core::Outcome;
using core::Session;
using core::StepStatus;
using core::PlannedStep;
using core::PlannerInput;
using core::PlanOptions;
using core::PlanResult;
using core::ScheduledStep;
using core::SessionBookings;
using core::Time;
using core::UncoveredGoal;

inline constexpr Time kCheckerWeek = 7LL * 86400 * 1000000;

inline bool ModeOk(const LearningResource& r, const PlanOptions& o) {
  bool mode = o.modes.empty();
  for (Mode m : o.modes) mode |= m == r.mode;
  return mode && (o.language.empty() || r.language.empty() || r.language == o.language);
}

inline void CheckPlan(const PlannerInput& in, const PlanResult& plan, const std::vector<ScheduledStep>* schedule = nullptr,
               const SessionBookings& bookings = {}) {
  std::map<std::string, const LearningResource*> by_id;
  for (const auto& r : *in.catalogue) by_id[r.id] = &r;
  std::map<std::string, int> level;
  for (const auto& g : in.goals) level[g.competence_id] = g.start;
  std::set<std::string> done = in.completed;
  double hours = 0, cost = 0;
  for (const PlannedStep& step : plan.steps) {
    ASSERT_TRUE(by_id.count(step.resource_id)) << step.resource_id;
    const LearningResource& r = *by_id[step.resource_id];
    EXPECT_TRUE(ModeOk(r, in.options)) << r.id << " is not allowed by the options";
    EXPECT_FALSE(done.count(r.id)) << r.id << " taken twice or completed before";
    for (const auto& p : r.prerequisite_ids) EXPECT_TRUE(done.count(p)) << r.id << " before its prerequisite " << p;
    std::vector<LevelChange> expected;
    for (const Outcome& o : r.outcomes) {
      if (!level.count(o.competence_id)) continue;
      int& l = level[o.competence_id];
      if (l >= o.min_level && o.reaches_level > l) {
        expected.push_back({o.competence_id, l, o.reaches_level});
        l = o.reaches_level;
      }
    }
    ASSERT_EQ(step.changes.size(), expected.size()) << r.id;
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(step.changes[i].competence_id, expected[i].competence_id);
      EXPECT_EQ(step.changes[i].from, expected[i].from);
      EXPECT_EQ(step.changes[i].to, expected[i].to);
    }
    EXPECT_FALSE(step.rationale.empty());
    done.insert(r.id);
    hours += r.hours;
    cost += r.cost;
  }
  EXPECT_NEAR(plan.total_hours, hours, 1e-6);
  EXPECT_NEAR(plan.total_cost, cost, 1e-6);
  if (in.options.max_hours > 0) EXPECT_LE(hours, in.options.max_hours + 1e-6);
  if (in.options.max_cost > 0) EXPECT_LE(cost, in.options.max_cost + 1e-6);
  // Every goal is reached or listed with the level the plan does reach.
  std::map<std::string, const UncoveredGoal*> uncovered;
  for (const auto& u : plan.uncovered) uncovered[u.competence_id] = &u;
  for (const auto& g : in.goals) {
    const int target = in.options.include_desired ? std::max(g.required, g.desired) : g.required;
    if (target <= g.start || level[g.competence_id] >= target) {
      EXPECT_FALSE(uncovered.count(g.competence_id)) << g.competence_id << " is reached but listed";
      continue;
    }
    ASSERT_TRUE(uncovered.count(g.competence_id)) << g.competence_id << " is not reached and not listed";
    EXPECT_EQ(uncovered[g.competence_id]->reachable, level[g.competence_id]);
    EXPECT_EQ(uncovered[g.competence_id]->target, target);
    EXPECT_FALSE(uncovered[g.competence_id]->reason.empty());
  }
  if (!schedule) return;
  ASSERT_EQ(schedule->size(), plan.steps.size());
  Time previous_end = in.options.start;
  SessionBookings seats = bookings;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const ScheduledStep& s = (*schedule)[i];
    const LearningResource& r = *by_id[plan.steps[i].resource_id];
    EXPECT_GE(s.start, previous_end) << "step " << i << " starts before the one before it ends";
    EXPECT_GT(s.end, s.start - 1);
    if (!s.session_id.empty()) {
      const Session* session = nullptr;
      for (const auto& x : r.sessions) {
        if (x.id == s.session_id) session = &x;
      }
      ASSERT_NE(session, nullptr);
      EXPECT_EQ(s.start, session->start);
      EXPECT_EQ(s.end, session->end);
      const int taken = ++seats[std::make_pair(r.id, session->id)];
      EXPECT_LE(taken, session->capacity) << "session over capacity";
    } else {
      const double weekly = in.options.weekly_hours > 0 ? in.options.weekly_hours : 2;
      EXPECT_EQ(s.end - s.start, static_cast<Time>(std::ceil(r.hours / weekly * kCheckerWeek)));
      if (r.mode == Mode::kClassroom || r.mode == Mode::kWorkshop) {
        EXPECT_FALSE(s.problem.empty());
      }
    }
    previous_end = s.end;
  }
}

}  // namespace skillpath::testing
