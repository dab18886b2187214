#include "core/plan/demand.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "core/testing/resources.h"

namespace skillpath::core {
namespace {

constexpr Time kDay = 86400LL * 1000000;
constexpr Time Jan2027 = 1798761600LL * 1000000;  // 2027-01-01

TEST(QuarterOf, CivilQuarters) {
  EXPECT_EQ(QuarterOf(Jan2027), "2027-Q1");
  EXPECT_EQ(QuarterOf(Jan2027 - 1), "2026-Q4");
  EXPECT_EQ(QuarterOf(Jan2027 + 90 * kDay), "2027-Q2");  // 1 April
  EXPECT_EQ(QuarterOf(0), "1970-Q1");
}

LearningResource R(const std::string& id, Mode mode, double hours, double cost, std::vector<Session> sessions = {}) {
  LearningResource r = testing::Resource(id, "Title " + id, mode, hours);
  r.cost = cost;
  r.sessions = std::move(sessions);
  return r;
}

PlanStep S(const std::string& resource, Time start, const std::string& session = "", std::vector<LevelChange> changes = {},
           StepStatus status = StepStatus::kPlanned) {
  PlanStep s;
  s.resource_id = resource;
  s.planned_start = start;
  s.session_id = session;
  s.changes = std::move(changes);
  s.status = status;
  return s;
}

TEST(TrainingDemand, PerResourceLearnersHoursCostQuartersAndCohorts) {
  std::vector<LearningResource> cat = {R("e", Mode::kElearning, 4, 100),
                                       R("c", Mode::kClassroom, 7, 2000, {{"s1", Jan2027, Jan2027 + 1, 2, "", 5000}})};
  std::vector<DemandInput> people = {
      {"a", {S("e", Jan2027 - 10 * kDay), S("c", Jan2027, "s1")}, {}},
      {"b", {S("e", Jan2027 + 100 * kDay), S("c", Jan2027, "s1")}, {}},
      {"c", {S("e", Jan2027, "", {}, StepStatus::kDone), S("c", Jan2027 + 5 * kDay, "")}, {}},
  };
  DemandResult d = ComputeTrainingDemand(people, cat, 0);
  ASSERT_EQ(d.resources.size(), 2u);
  const auto& c = d.resources[0];  // "c" sorts first
  EXPECT_EQ(c.resource_id, "c");
  EXPECT_EQ(c.learners, 3);
  EXPECT_DOUBLE_EQ(c.total_hours, 21);
  EXPECT_DOUBLE_EQ(c.total_cost, 3 * 2000 + 5000) << "the used session's fixed cost once";
  ASSERT_EQ(c.cohorts.size(), 2u);
  EXPECT_EQ(c.cohorts[0].first, "") << "a learner still without a session";
  EXPECT_EQ(c.cohorts[1].first, "s1");
  EXPECT_EQ(c.cohorts[1].second, (std::vector<std::string>{"a", "b"}));
  const auto& e = d.resources[1];
  EXPECT_EQ(e.learners, 2) << "a DONE step is no longer demand";
  ASSERT_EQ(e.quarters.size(), 2u);
  EXPECT_EQ(e.quarters[0], std::make_pair(std::string("2026-Q4"), 1));
  EXPECT_EQ(e.quarters[1], std::make_pair(std::string("2027-Q2"), 1));
  EXPECT_DOUBLE_EQ(d.total_cost, 11000 + 200);
  EXPECT_TRUE(d.allocation.algorithm.empty()) << "no budget, no allocation";
}

// Issue #10: 152 learners for a classroom course with one 30-seat session in
// 2027-Q3. The 122 the scheduler could not seat got self-paced dates in
// Q1, when no session runs: they are unscheduled, in no quarter, and need
// ceil(122 / 30) = 5 more sessions of that size.
TEST(TrainingDemand, LearnersWithoutASeatAreUnscheduledNotInAQuarter) {
  const Time jul2027 = Jan2027 + 181 * kDay;
  std::vector<LearningResource> cat = {
      R("dd", Mode::kClassroom, 7, 1000, {{"s1", jul2027, jul2027 + 1, 30, "", 0}, {"small", jul2027, jul2027 + 1, 12, "", 0}}),
      R("e", Mode::kElearning, 2, 0)};
  std::vector<DemandInput> people;
  for (int i = 0; i < 152; ++i) {
    DemandInput in;
    in.person_id = "p" + std::to_string(1000 + i);
    in.steps = {i < 30 ? S("dd", jul2027, "s1") : S("dd", Jan2027 + 10 * kDay, ""), S("e", Jan2027 + 10 * kDay)};
    people.push_back(std::move(in));
  }
  // One learner has done the course and awaits confirmation: no demand.
  people[0].steps[1].status = StepStatus::kAwaitingConfirmation;
  DemandResult d = ComputeTrainingDemand(people, cat, 0);
  ASSERT_EQ(d.resources.size(), 2u);
  const ResourceDemandResult& dd = d.resources[0];
  EXPECT_EQ(dd.learners, 152);
  ASSERT_EQ(dd.quarters.size(), 1u) << "no learners in a quarter where no session runs";
  EXPECT_EQ(dd.quarters[0], std::make_pair(std::string("2027-Q3"), 30));
  EXPECT_EQ(dd.unscheduled, 122);
  EXPECT_EQ(dd.session_capacity, 30) << "the largest session";
  EXPECT_EQ(dd.extra_sessions_needed, 5);
  const ResourceDemandResult& e = d.resources[1];
  EXPECT_EQ(e.learners, 151);
  EXPECT_EQ(e.unscheduled, 0) << "e-learning needs no session";
  ASSERT_EQ(e.quarters.size(), 1u);
  EXPECT_EQ(e.quarters[0].second, 151);

  // No session at all: unscheduled, and no session size to count in.
  cat[0].sessions.clear();
  d = ComputeTrainingDemand(people, cat, 0);
  EXPECT_EQ(d.resources[0].unscheduled, 122);
  EXPECT_EQ(d.resources[0].extra_sessions_needed, 0);
  EXPECT_EQ(d.resources[0].session_capacity, 0);
}

TEST(TrainingDemand, TheAllocationMatchesABruteForceOptimum) {
  std::mt19937 rng(7);
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 300; ++round) {
    std::vector<LearningResource> cat;
    for (int r = 0; r < 6; ++r) cat.push_back(R("r" + std::to_string(r), Mode::kElearning, 1, 100 * below(30)));
    std::vector<DemandInput> people;
    const int n = 1 + below(5);
    for (int p = 0; p < n; ++p) {
      DemandInput in;
      in.person_id = "p" + std::to_string(p);
      PlanGoal g;
      g.competence_id = "x";
      g.required = 4;
      g.required_weight = 1 + below(3);
      g.top = 4;
      in.goals = {g};
      int level = 0;
      const int steps = below(4);
      for (int s = 0; s < steps && level < 4; ++s) {
        const int to = level + below(2);  // some steps close nothing (prerequisites)
        in.steps.push_back(S("r" + std::to_string(below(6)), Jan2027, "", {{"x", level, to}}));
        level = to;
      }
      people.push_back(std::move(in));
    }
    const double budget = 100 * below(60) + 1;
    DemandResult d = ComputeTrainingDemand(people, cat, budget);
    // Brute force over every combination of prefixes.
    double best = 0;
    std::function<void(size_t, double, double)> go = [&](size_t i, double cost, double value) {
      if (cost > budget + 1e-9) return;
      if (i == people.size()) {
        best = std::max(best, value);
        return;
      }
      double c = 0, v = 0;
      go(i + 1, cost, value);
      for (const PlanStep& s : people[i].steps) {
        c += cat[std::stoi(s.resource_id.substr(1))].cost;
        for (const LevelChange& ch : s.changes) v += people[i].goals[0].required_weight * (ch.to - ch.from) / 4.0;
        go(i + 1, cost + c, value + v);
      }
    };
    go(0, 0, 0);
    EXPECT_NEAR(d.allocation.closed_weighted_gap, best, 1e-9) << "round " << round;
    EXPECT_LE(d.allocation.spent, budget + 1e-9);
    EXPECT_FALSE(d.allocation.algorithm.empty());
    // Each person's funded steps are a prefix of their plan, and funded and
    // unfunded together are all of it.
    for (const auto& p : people) {
      std::vector<std::string> funded, all;
      for (const auto& f : d.allocation.funded) {
        if (f.person_id == p.person_id) funded.push_back(f.resource_id);
      }
      for (const PlanStep& s : p.steps) all.push_back(s.resource_id);
      ASSERT_LE(funded.size(), all.size());
      EXPECT_TRUE(std::equal(funded.begin(), funded.end(), all.begin())) << p.person_id;
      size_t unfunded = 0;
      for (const auto& f : d.allocation.unfunded) unfunded += f.person_id == p.person_id;
      EXPECT_EQ(funded.size() + unfunded, all.size());
    }
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace skillpath::core
