#pragma once
// The learning-path planner: which resources, in which order, close a
// person's gaps at the least total hours (or cost), and when each step
// happens. Pure and deterministic; see DESIGN.md "Plan generation".
//
// Search (core/plan/plan_search.cc): the steps a plan takes that raise a
// competence form a chain, each step raising it from where the one before
// left it (an outcome applies only when the level meets its min_level).
// For each competence every chain none of whose steps could be left out is
// listed; a depth-first branch and bound then picks one chain per
// competence (or none), paying once for each resource and its
// prerequisites, keeping only choices that fit one order (each chain's
// order, every prerequisite earlier or completed already), most value
// first, then the fewest hours (or the least cost), then the other figure.
// The bound charges each resource's measure (hours, or cost) split over the
// competences that may use it, and at least the dearest competence's
// cheapest chain. Exact unless the node budget runs out or a competence has
// more chains than the search lists (4,096, the cheapest first): then
// `optimal` is false and the best plan found is returned.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/plan_types.h"
#include "core/model/types.h"
#include "core/schedule/step_order.h"

namespace skillpath::core {

struct PlannedStep {
  std::string resource_id;
  std::vector<LevelChange> changes;
  std::string rationale;
};

struct PlanResult {
  std::vector<PlannedStep> steps;  // in the planner's order (SchedulePlan may reorder them)
  double total_hours = 0;
  double total_cost = 0;
  std::vector<UncoveredGoal> uncovered;
  bool optimal = true;
  long nodes = 0;  // search nodes expanded
  std::vector<PlanGoal> goals;  // what it was asked to close (to describe the steps again in another order)
};

struct PlannerInput {
  std::vector<PlanGoal> goals;
  const std::vector<LearningResource>* catalogue = nullptr;
  std::set<std::string> completed;  // resources completed before
  PlanOptions options;
  long node_budget = 200000;
};

PlanResult PlanLearning(const PlannerInput& input);

// The steps `sequence` makes for `goals`, in that order: each step's level
// changes (an outcome applies when the level before it meets its
// min_level) and why it is there. `levels`, if given, gets each goal's
// level after the last step.
std::vector<PlannedStep> DescribeSteps(const std::vector<PlanGoal>& goals,
                                       const std::vector<const LearningResource*>& sequence,
                                       std::map<std::string, int>* levels = nullptr);

// ---------------------------------------------------------------------------
// Scheduling (core/schedule/step_order.h) and the saved plan.

// `result`'s steps in the order they are best done, each dated: the order
// that seats the most classroom and workshop steps, then finishes first
// (exact up to kExactScheduleSteps steps), from options.start at
// options.weekly_hours a week, after the seats in `bookings`. The steps are
// described again for that order (their level changes and why).
struct DatedSteps {
  std::vector<PlannedStep> steps;
  std::vector<ScheduledStep> schedule;  // schedule[i]: steps[i]
  bool exact = true;                    // the order is proven best
};
DatedSteps SchedulePlan(const PlanResult& result, const std::vector<LearningResource>& catalogue,
                        const PlanOptions& options, const SessionBookings& bookings,
                        const std::set<std::string>& completed = {}, const WorkCalendar* calendar = nullptr);

// Builds the plan a person gets from `dated`.
LearningPlan MakePlan(const std::string& person_id, const PlanResult& result, const DatedSteps& dated,
                      const std::vector<LearningResource>& catalogue, const PlanOptions& options);

}  // namespace skillpath::core
