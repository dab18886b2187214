// The planner against an independent plan checker (written from DESIGN.md,
// not from planner.cc) and, on 500+ random small instances, against a
// brute-force optimum over every order of every subset of resources.
#include "core/plan/planner.h"
#include "core/testing/plan_checker.h"
#include "core/testing/resources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace skillpath::core {
namespace {

using skillpath::testing::CheckPlan;
using skillpath::testing::ModeOk;

constexpr Time kWeek = 7LL * 86400 * 1000000;
constexpr Time T0 = 1'767'225'600'000'000LL;

// ---------------------------------------------------------------------------
// Brute force: every order of every subset, by exhaustive search over
// (resources taken, levels) states with the cheapest way to each.

struct Best {
  double required = -1, desired = -1, primary = 0, secondary = 0;
};

Best BruteForce(const PlannerInput& in) {
  const auto& cat = *in.catalogue;
  const PlanOptions& o = in.options;
  std::vector<std::string> comps;
  for (const auto& g : in.goals) comps.push_back(g.competence_id);
  auto value = [&](const std::vector<int>& lv, double& req, double& des) {
    req = des = 0;
    for (size_t i = 0; i < in.goals.size(); ++i) {
      const PlanGoal& g = in.goals[i];
      if (g.required > 0) req += g.required_weight * (std::min(lv[i], g.required) - std::min(g.start, g.required)) / g.top;
      if (o.include_desired && g.desired > g.required) {
        des += g.desired_weight * (std::min(lv[i], g.desired) - std::min(g.start, g.desired)) / g.top;
      }
    }
  };
  std::map<std::pair<uint32_t, std::vector<int>>, std::pair<double, double>> best_cost;
  std::vector<std::pair<uint32_t, std::vector<int>>> frontier;
  std::vector<int> start;
  for (const auto& g : in.goals) start.push_back(g.start);
  best_cost[{0, start}] = {0, 0};
  frontier.push_back({0, start});
  Best best;
  while (!frontier.empty()) {
    auto state = frontier.back();
    frontier.pop_back();
    auto [p, sc] = best_cost[state];
    double req, des;
    value(state.second, req, des);
    auto better = [&]() {
      if (req > best.required + 1e-9) return true;
      if (req < best.required - 1e-9) return false;
      if (des > best.desired + 1e-9) return true;
      if (des < best.desired - 1e-9) return false;
      if (p < best.primary - 1e-9) return true;
      if (p > best.primary + 1e-9) return false;
      return sc < best.secondary - 1e-9;
    };
    if (better()) best = {req, des, p, sc};
    for (size_t i = 0; i < cat.size(); ++i) {
      const auto& r = cat[i];
      if (state.first & (1u << i) || in.completed.count(r.id) || !ModeOk(r, o)) continue;
      bool ready = true;
      for (const auto& pre : r.prerequisite_ids) {
        bool ok = in.completed.count(pre) > 0;
        for (size_t j = 0; j < cat.size(); ++j) ok |= cat[j].id == pre && (state.first & (1u << j));
        ready &= ok;
      }
      if (!ready) continue;
      std::vector<int> lv = state.second;
      for (const auto& out : r.outcomes) {
        for (size_t c = 0; c < comps.size(); ++c) {
          if (comps[c] == out.competence_id && lv[c] >= out.min_level) lv[c] = std::max(lv[c], out.reaches_level);
        }
      }
      const double hours = (o.objective == Objective::kMinCost ? sc : p) + r.hours;
      const double cost = (o.objective == Objective::kMinCost ? p : sc) + r.cost;
      if (o.max_hours > 0 && hours > o.max_hours + 1e-9) continue;
      if (o.max_cost > 0 && cost > o.max_cost + 1e-9) continue;
      const double np = o.objective == Objective::kMinCost ? cost : hours;
      const double ns = o.objective == Objective::kMinCost ? hours : cost;
      std::pair<uint32_t, std::vector<int>> next{state.first | (1u << i), lv};
      auto it = best_cost.find(next);
      if (it == best_cost.end() || np < it->second.first - 1e-9 ||
          (std::abs(np - it->second.first) <= 1e-9 && ns < it->second.second - 1e-9)) {
        best_cost[next] = {np, ns};
        frontier.push_back(next);
      }
    }
  }
  return best;
}

PlannerInput RandomInstance(std::mt19937& rng, std::vector<LearningResource>& catalogue) {
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  PlannerInput in;
  const int ncomp = 2 + below(3);
  for (int c = 0; c < ncomp; ++c) {
    PlanGoal g;
    g.competence_id = "c" + std::to_string(c);
    g.top = 4 + below(2);
    g.start = below(3);
    g.required = below(3) ? std::min(g.top, g.start + 1 + below(3)) : 0;
    g.required_weight = 1 + below(3);
    g.desired = below(2) ? std::min(g.top, std::max(g.required, g.start) + below(3)) : 0;
    g.desired_weight = 1 + below(2);
    in.goals.push_back(g);
  }
  const int nres = 5 + below(8);  // 5..12
  catalogue.clear();
  for (int i = 0; i < nres; ++i) {
    LearningResource r;
    r.id = "r" + std::to_string(i);
    r.title = "Resource " + std::to_string(i);
    r.mode = static_cast<Mode>(1 + below(5));
    r.language = below(4) ? "nb" : "en";
    r.hours = 1 + below(20);
    r.cost = 100 * below(50);
    const int nout = 1 + below(2);
    std::set<int> used;
    for (int k = 0; k < nout; ++k) {
      int c = below(ncomp);
      if (!used.insert(c).second) continue;
      const int top = in.goals[c].top;
      const int lo = below(top);
      r.outcomes.push_back({"c" + std::to_string(c), lo, lo + 1 + below(top - lo)});
    }
    if (i > 0 && below(10) < 3) r.prerequisite_ids.push_back("r" + std::to_string(below(i)));
    catalogue.push_back(r);
  }
  in.catalogue = &catalogue;
  if (below(10) == 0) in.completed.insert("r" + std::to_string(below(nres)));
  in.options.include_desired = below(2);
  in.options.objective = below(3) ? Objective::kMinHours : Objective::kMinCost;
  if (below(5) == 0) in.options.modes = {Mode::kElearning, Mode::kClassroom, Mode::kWorkshop};
  if (below(6) == 0) in.options.language = "nb";
  if (below(4) == 0) in.options.max_hours = 5 + below(30);
  if (below(5) == 0) in.options.max_cost = 100 * below(60);
  in.options.start = T0;
  in.node_budget = 1'000'000;
  return in;
}

TEST(Planner, MatchesABruteForceOptimumOnRandomInstances) {
  std::mt19937 rng(20261129);
  int with_budget = 0, uncovered = 0, with_prereqs = 0;
  for (int round = 0; round < 600; ++round) {
    std::vector<LearningResource> catalogue;
    PlannerInput in = RandomInstance(rng, catalogue);
    PlanResult plan = PlanLearning(in);
    ASSERT_TRUE(plan.optimal) << "round " << round;
    SCOPED_TRACE("round " + std::to_string(round));
    CheckPlan(in, plan);
    Best best = BruteForce(in);
    // The planner's plan, valued the same way.
    std::map<std::string, int> level;
    for (const auto& g : in.goals) level[g.competence_id] = g.start;
    for (const auto& step : plan.steps) {
      for (const auto& c : step.changes) level[c.competence_id] = c.to;
    }
    double req = 0, des = 0;
    for (const auto& g : in.goals) {
      const int l = level[g.competence_id];
      if (g.required > 0) req += g.required_weight * (std::min(l, g.required) - std::min(g.start, g.required)) / g.top;
      if (in.options.include_desired && g.desired > g.required) {
        des += g.desired_weight * (std::min(l, g.desired) - std::min(g.start, g.desired)) / g.top;
      }
    }
    const bool cost_first = in.options.objective == Objective::kMinCost;
    EXPECT_NEAR(req, best.required, 1e-6);
    EXPECT_NEAR(des, best.desired, 1e-6);
    EXPECT_NEAR(cost_first ? plan.total_cost : plan.total_hours, best.primary, 1e-6);
    EXPECT_NEAR(cost_first ? plan.total_hours : plan.total_cost, best.secondary, 1e-6);
    with_budget += in.options.max_cost > 0 || in.options.max_hours > 0;
    uncovered += !plan.uncovered.empty();
    for (const auto& r : catalogue) with_prereqs += !r.prerequisite_ids.empty();
    if (HasFailure()) return;
  }
  // The instances exercised what they should.
  EXPECT_GT(with_budget, 100);
  EXPECT_GT(uncovered, 50);
  EXPECT_GT(with_prereqs, 300);
}

// ---------------------------------------------------------------------------
// Edge cases.

LearningResource R(const std::string& id, Mode mode, double hours, double cost, std::vector<Outcome> outcomes,
                   std::vector<std::string> prereqs = {}, std::vector<Session> sessions = {}) {
  LearningResource r = testing::Resource(id, "Course " + id, mode, hours, std::move(outcomes));
  r.cost = cost;
  r.language = "nb";
  r.prerequisite_ids = std::move(prereqs);
  r.sessions = std::move(sessions);
  return r;
}

PlanGoal G(const std::string& c, int start, int required, int desired = 0, double weight = 1) {
  PlanGoal g;
  g.competence_id = c;
  g.competence_name = "Kompetanse " + c;
  g.start = start;
  g.required = required;
  g.required_weight = weight;
  g.desired = desired;
  g.needed_by = {"Enhetsleder"};
  return g;
}

TEST(Planner, NothingToCloseGivesAnEmptyPlan) {
  std::vector<LearningResource> cat = {R("a", Mode::kElearning, 2, 0, {{"x", 0, 2}})};
  PlannerInput in;
  in.goals = {G("x", 3, 2)};
  in.catalogue = &cat;
  PlanResult plan = PlanLearning(in);
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.uncovered.empty());
  EXPECT_TRUE(plan.optimal);
}

TEST(Planner, PrefersTheCheaperChainAndExplainsEachStep) {
  // x 0->3: one 10-hour course, or a 2-hour one then a 3-hour one that needs it.
  std::vector<LearningResource> cat = {R("big", Mode::kElearning, 10, 0, {{"x", 0, 3}}),
                                       R("intro", Mode::kElearning, 2, 0, {{"x", 0, 1}}),
                                       R("next", Mode::kElearning, 3, 500, {{"x", 1, 3}}, {"intro"})};
  PlannerInput in;
  in.goals = {G("x", 0, 3)};
  in.catalogue = &cat;
  PlanResult plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].resource_id, "intro");
  EXPECT_EQ(plan.steps[1].resource_id, "next");
  EXPECT_EQ(plan.steps[1].rationale, "raises Kompetanse x from 1 to 3; needed by role Enhetsleder");
  EXPECT_DOUBLE_EQ(plan.total_hours, 5);
  CheckPlan(in, plan);
  in.options.objective = Objective::kMinCost;
  plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 1u) << "0 kr beats 500 kr";
  EXPECT_EQ(plan.steps[0].resource_id, "big");
}

TEST(Planner, AnUnreachableLevelIsRaisedAsFarAsPossibleAndListed) {
  std::vector<LearningResource> cat = {R("a", Mode::kElearning, 2, 0, {{"x", 0, 2}}),
                                       R("b", Mode::kClassroom, 5, 0, {{"x", 2, 3}})};
  PlannerInput in;
  in.goals = {G("x", 0, 4)};
  in.catalogue = &cat;
  PlanResult plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 2u);
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].reachable, 3);
  EXPECT_THAT(plan.uncovered[0].reason, ::testing::HasSubstr("no resource in the catalogue reaches level 4"));
  in.options.modes = {Mode::kElearning};
  plan = PlanLearning(in);
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].reachable, 2);
  EXPECT_THAT(plan.uncovered[0].reason, ::testing::HasSubstr("needs a mode or language"));
  CheckPlan(in, plan);
}

TEST(Planner, ABudgetTooSmallClosesTheMostWeightedRequiredGap) {
  // Two gaps; money for one course: the heavier one is chosen.
  std::vector<LearningResource> cat = {R("light", Mode::kElearning, 2, 1000, {{"x", 0, 2}}),
                                       R("heavy", Mode::kElearning, 2, 1000, {{"y", 0, 2}})};
  PlannerInput in;
  in.goals = {G("x", 0, 2, 0, 1), G("y", 0, 2, 0, 3)};
  in.catalogue = &cat;
  in.options.max_cost = 1500;
  PlanResult plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].resource_id, "heavy");
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].competence_id, "x");
  EXPECT_THAT(plan.uncovered[0].reason, ::testing::HasSubstr("over budget (max_cost 1500)"));
  CheckPlan(in, plan);
}

TEST(Planner, CompletedPrerequisitesCountAndADroppedPrerequisiteBlocks) {
  std::vector<LearningResource> cat = {R("intro", Mode::kClassroom, 2, 0, {{"x", 0, 1}}),
                                       R("next", Mode::kElearning, 3, 0, {{"x", 1, 3}}, {"intro"})};
  PlannerInput in;
  in.goals = {G("x", 1, 3)};
  in.catalogue = &cat;
  in.completed = {"intro"};
  PlanResult plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].resource_id, "next");
  in.completed.clear();
  in.options.modes = {Mode::kElearning};  // intro not allowed: next cannot be taken
  plan = PlanLearning(in);
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.uncovered.size(), 1u);
}

// Found by the random comparison above at 20,000 rounds: r0 would do r4's
// work on c1 for less, but r0 must come before r1 (its prerequisite), while
// c1 is still below r0's min_level. So r0 cannot stand in for r4, and the
// plan needs both.
TEST(Planner, AStepNeededEarlyDoesNotStandInForALaterOne) {
  std::vector<LearningResource> cat = {
      R("r0", Mode::kElearning, 4, 1500, {{"c0", 3, 4}, {"c1", 3, 4}}),
      R("r1", Mode::kElearning, 1, 4700, {{"c1", 2, 3}}, {"r0"}),
      R("r2", Mode::kElearning, 2, 2500, {{"c0", 2, 3}}),
      R("r3", Mode::kElearning, 7, 1400, {{"c0", 0, 4}}),
      R("r4", Mode::kElearning, 8, 1600, {{"c1", 3, 4}}, {"r3"}),
  };
  PlannerInput in;
  in.goals = {G("c0", 1, 3, 0, 2), G("c1", 2, 4)};
  in.catalogue = &cat;
  PlanResult plan = PlanLearning(in);
  CheckPlan(in, plan);
  EXPECT_TRUE(plan.optimal);
  EXPECT_TRUE(plan.uncovered.empty()) << plan.uncovered.front().reason;
  EXPECT_NEAR(plan.total_hours, 20, 1e-9);
  std::set<std::string> ids;
  for (const auto& step : plan.steps) ids.insert(step.resource_id);
  EXPECT_EQ(ids, (std::set<std::string>{"r0", "r1", "r3", "r4"}));
}

// Found in review: 200 courses on one competence, trading hours for cost
// so none dominates another, give it more chains than the search lists.
// That competence's plan is then not proven, but every other competence
// is still planned (the cap once stopped the listing of all that came after).
TEST(Planner, OneCompetenceWithTooManyChainsLeavesTheOthersPlanned) {
  std::vector<LearningResource> cat;
  for (int i = 0; i < 200; ++i) {
    const int lo = (i * 7) % 5, hi = std::min(5, lo + 1 + i % 2);
    const double h = 1 + i % 40;
    cat.push_back(R("a" + std::to_string(1000 + i), Mode::kElearning, h, 5000 - 100 * h, {{"x", lo, hi}}));
  }
  cat.push_back(R("y-kurs", Mode::kElearning, 1, 0, {{"y", 0, 1}}));
  PlannerInput in;
  in.goals = {G("x", 0, 5), G("y", 0, 1)};
  in.catalogue = &cat;
  PlanResult plan = PlanLearning(in);
  CheckPlan(in, plan);
  EXPECT_FALSE(plan.optimal) << "not every chain of x was tried";
  EXPECT_TRUE(plan.uncovered.empty()) << plan.uncovered.front().competence_id << ": " << plan.uncovered.front().reason;
  bool y = false;
  for (const auto& step : plan.steps) y |= step.resource_id == "y-kurs";
  EXPECT_TRUE(y);
}

// Found in review: a completed resource's levels are in the start already;
// counting them again made the reachable level too high, and the plan then
// blamed the budget for a level nothing in the catalogue reaches.
TEST(Planner, ACompletedResourceIsNotCountedAgainInWhatCanBeReached) {
  std::vector<LearningResource> cat = {R("done", Mode::kElearning, 5, 0, {{"x", 0, 3}})};
  PlannerInput in;
  in.goals = {G("x", 1, 3)};
  in.catalogue = &cat;
  in.completed = {"done"};
  in.options.max_hours = 10;
  PlanResult plan = PlanLearning(in);
  CheckPlan(in, plan);
  ASSERT_EQ(plan.uncovered.size(), 1u);
  EXPECT_EQ(plan.uncovered[0].reachable, 1);
  EXPECT_EQ(plan.uncovered[0].reason, "no resource in the catalogue reaches level 2");
}

TEST(Planner, ANodeBudgetStopsTheSearchAndSaysSo) {
  // Six competences in a ring: one course each (1 hour), or one for each
  // neighbouring pair (1.5 hours). The cheapest slot by slot takes the
  // single courses (6 hours); the best takes three pairs (4.5 hours), and
  // finding it takes more than one node.
  std::vector<LearningResource> cat;
  for (int i = 0; i < 6; ++i) {
    const std::string c = "c" + std::to_string(i), next = "c" + std::to_string((i + 1) % 6);
    cat.push_back(R("s" + std::to_string(i), Mode::kElearning, 1, 0, {{c, 0, 1}}));
    cat.push_back(R("p" + std::to_string(i), Mode::kElearning, 1.5, 0, {{c, 0, 1}, {next, 0, 1}}));
  }
  PlannerInput in;
  for (int c = 0; c < 6; ++c) in.goals.push_back(G("c" + std::to_string(c), 0, 1));
  in.catalogue = &cat;
  in.node_budget = 1;
  PlanResult plan = PlanLearning(in);
  EXPECT_FALSE(plan.optimal);
  EXPECT_FALSE(plan.steps.empty()) << "the best plan found so far is still returned";
  EXPECT_TRUE(plan.uncovered.empty());
  CheckPlan(in, plan);

  in.node_budget = 200000;
  plan = PlanLearning(in);
  EXPECT_TRUE(plan.optimal);
  EXPECT_NEAR(plan.total_hours, 4.5, 1e-9);
  CheckPlan(in, plan);
}

TEST(Schedule, SessionsPrerequisitesFractionalHoursAndFullSessions) {
  const Time day = 86400LL * 1000000;
  std::vector<LearningResource> cat = {
      R("self", Mode::kElearning, 3, 0, {{"x", 0, 1}}),
      R("class", Mode::kClassroom, 6, 0, {{"x", 1, 2}}, {"self"},
        {{"early", T0 + 3 * day, T0 + 3 * day + 6 * 3600000000LL, 1, "Rådhuset", 0},
         {"late", T0 + 30 * day, T0 + 30 * day + 6 * 3600000000LL, 5, "Rådhuset", 0}}),
      R("full", Mode::kWorkshop, 4, 0, {{"x", 2, 3}}, {}, {{"s", T0 + 40 * day, T0 + 41 * day, 2, "", 0}})};
  PlannerInput in;
  in.goals = {G("x", 0, 3)};
  in.catalogue = &cat;
  in.options.start = T0;
  in.options.weekly_hours = 1.5;  // fractional: 3 hours take two weeks
  PlanResult plan = PlanLearning(in);
  ASSERT_EQ(plan.steps.size(), 3u);
  SessionBookings booked = {{{"full", "s"}, 2}};  // the workshop is full
  const DatedSteps dated = SchedulePlan(plan, cat, in.options, booked);
  PlanResult ordered = plan;
  ordered.steps = dated.steps;
  CheckPlan(in, ordered, &dated.schedule, booked);
  const std::vector<ScheduledStep>& schedule = dated.schedule;
  EXPECT_EQ(schedule[0].end - schedule[0].start, 2 * kWeek);
  EXPECT_EQ(schedule[1].session_id, "late") << "the early session starts before the prerequisite ends";
  EXPECT_TRUE(schedule[2].session_id.empty());
  EXPECT_THAT(schedule[2].problem, ::testing::HasSubstr("no session with a free seat"));
}

TEST(Schedule, AStartInThePastIsKept) {
  std::vector<LearningResource> cat = {R("self", Mode::kElearning, 4, 0, {{"x", 0, 1}})};
  PlannerInput in;
  in.goals = {G("x", 0, 1)};
  in.catalogue = &cat;
  in.options.start = T0 - 52 * kWeek;
  PlanResult plan = PlanLearning(in);
  const DatedSteps dated = SchedulePlan(plan, cat, in.options, {});
  ASSERT_EQ(dated.schedule.size(), 1u);
  EXPECT_EQ(dated.schedule[0].start, in.options.start);
  CheckPlan(in, plan, &dated.schedule);
}

}  // namespace
}  // namespace skillpath::core
