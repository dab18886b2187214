#pragma once
// The learning-path planner: which resources, in which order, close a
// person's gaps at the least total hours (or cost), and when each step
// happens. Pure and deterministic; see DESIGN.md "Plan generation".
//
// Search: depth-first branch and bound over plans as sequences, simulating
// levels step by step (an outcome applies only when the simulated level is at
// least its min_level; a prerequisite must come earlier or be completed
// already). A transposition table keyed by (levels, prerequisites taken)
// drops paths that reach a known state at no lower cost, and a lower bound
// per competence (cheapest chain of resources from its level to its goal)
// prunes. Exact unless the node budget runs out (then `optimal` is false and
// the best plan found is returned).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

struct PlannedStep {
  std::string resource_id;
  std::vector<LevelChange> changes;
  std::string rationale;
};

struct PlanResult {
  std::vector<PlannedStep> steps;
  double total_hours = 0;
  double total_cost = 0;
  std::vector<UncoveredGoal> uncovered;
  bool optimal = true;
  long nodes = 0;  // search nodes expanded
};

struct PlannerInput {
  std::vector<PlanGoal> goals;
  const std::vector<LearningResource>* catalogue = nullptr;
  std::set<std::string> completed;  // resources completed before
  PlanOptions options;
  long node_budget = 200000;
};

PlanResult PlanLearning(const PlannerInput& input);

// ---------------------------------------------------------------------------
// Saved plans (core/model/plan_types.h) made from a result.

struct ScheduledStep;

// Builds the plan a person gets: `result`'s steps placed by `schedule`.
LearningPlan MakePlan(const std::string& person_id, const PlanResult& result,
                      const std::vector<ScheduledStep>& schedule, const std::vector<LearningResource>& catalogue,
                      const PlanOptions& options);

// ---------------------------------------------------------------------------
// Scheduling.

struct ScheduledStep {
  Time start = 0;
  Time end = 0;
  std::string session_id;  // for classroom and workshop steps
  std::string problem;     // non-empty: the step could not be placed as asked
};

// Places `steps` (in plan order) from options.start at options.weekly_hours
// a week: a step starts when the one before it has ended (so never before
// its prerequisites); a classroom or workshop step takes the earliest
// session with a free seat that starts no earlier; self-paced steps take
// hours / weekly_hours weeks. A session step without a fitting session is
// placed like a self-paced one and its `problem` says why.
std::vector<ScheduledStep> SchedulePlan(const std::vector<PlannedStep>& steps,
                                        const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                                        const SessionBookings& bookings);

}  // namespace skillpath::core
