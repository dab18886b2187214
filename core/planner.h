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

#include "core/types.h"

namespace skillpath::core {

enum class Objective { kMinHours = 0, kMinCost = 1 };

struct PlanOptions {
  double weekly_hours = 2;
  Time start = 0;
  bool include_desired = false;
  double max_cost = 0;   // 0: no limit
  double max_hours = 0;  // 0: no limit
  std::vector<Mode> modes;  // empty: every mode
  std::string language;     // empty: any
  Objective objective = Objective::kMinHours;
};

// One competence the plan should raise.
struct PlanGoal {
  std::string competence_id;
  std::string competence_name;
  int start = 0;       // effective level now
  int required = 0;    // REQUIRED target, 0 if none
  double required_weight = 1;
  int desired = 0;     // DESIRED target, 0 if none (used with include_desired)
  double desired_weight = 1;
  int top = 4;         // top of the competence's scale
  std::vector<std::string> needed_by;  // role names, for the rationale
};

struct LevelChange {
  std::string competence_id;
  int from = 0;
  int to = 0;
};

struct PlannedStep {
  std::string resource_id;
  std::vector<LevelChange> changes;
  std::string rationale;
};

struct UncoveredGoal {
  std::string competence_id;
  int target = 0;
  int reachable = 0;  // the level the plan reaches
  std::string reason;
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
// Saved plans and their lifecycle.

struct ScheduledStep;

enum class PlanStatus { kUnspecified = 0, kDraft = 1, kProposed = 2, kApproved = 3, kInProgress = 4, kCompleted = 5, kCancelled = 6 };
// AWAITING_CONFIRMATION: the learner says it is done; their manager or HR
// confirms it (then DONE) or sends it back (then STARTED).
enum class StepStatus { kUnspecified = 0, kPlanned = 1, kStarted = 2, kDone = 3, kSkipped = 4, kAwaitingConfirmation = 5 };

struct PlanStep {
  int seq = 0;  // 1-based
  std::string resource_id;
  std::string title;
  std::vector<LevelChange> changes;
  Time planned_start = 0;
  Time planned_end = 0;
  std::string session_id;
  StepStatus status = StepStatus::kPlanned;
  std::string rationale;
  std::string problem;  // e.g. no session with a free seat
  std::string comment;  // why it was last sent back, or the confirmer's word
  Time claimed_at = 0;  // when the learner last said it was done (0: never)
};

struct LearningPlan {
  std::string id;
  std::string person_id;
  PlanStatus status = PlanStatus::kUnspecified;
  std::vector<PlanStep> steps;
  double total_hours = 0;
  double total_cost = 0;
  std::vector<UncoveredGoal> uncovered;
  bool optimal = true;
  PlanOptions options;
  Time created_at = 0;
  Time updated_at = 0;
};

// The states a plan may move to from `from` (DRAFT -> PROPOSED -> APPROVED ->
// IN_PROGRESS -> COMPLETED, and any -> CANCELLED).
std::vector<PlanStatus> NextStatuses(PlanStatus from);
const char* PlanStatusName(PlanStatus s);
const char* StepStatusName(StepStatus s);

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

// Seats already taken per (resource id, session id) by saved, non-cancelled plans.
using SessionBookings = std::map<std::pair<std::string, std::string>, int>;

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
