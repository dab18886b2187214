#pragma once
// What a learning plan is, as stored and as the rest of the system sees it
// (repositories, demand, the API mapping): options, statuses, steps, the
// saved plan, and the seats plans take. The planner that makes plans is
// core/plan/planner.h; this header does not depend on it.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/model/types.h"

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

struct LevelChange {
  std::string competence_id;
  int from = 0;
  int to = 0;
};

struct UncoveredGoal {
  std::string competence_id;
  int target = 0;
  int reachable = 0;  // the level the plan reaches
  std::string reason;
};

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

// A word on a plan (issue #15): said as its status changed (`status` is
// the status it moved to: DRAFT from PROPOSED by someone else is a plan
// sent back) or alone (kUnspecified). Oldest first on the plan.
struct PlanComment {
  Time at = 0;
  std::string author_id;    // "" for a token without a person, or an erased author
  std::string author_name;  // as at the time it was said
  std::string text;
  PlanStatus status = PlanStatus::kUnspecified;
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
  // The order and dates are proven best (core/schedule/step_order.h): the
  // most session steps seated, then the earliest finish. False for plans
  // longer than kExactScheduleSteps and for plans made before issue #14.
  bool schedule_optimal = false;
  PlanOptions options;
  Time created_at = 0;
  Time updated_at = 0;
  // RegeneratePlan (issue #14 item 3): the DRAFT that replaced this plan
  // (then CANCELLED), and the plan this one replaced; empty otherwise.
  std::string replaced_by_plan_id;
  std::string replaces_plan_id;
  std::vector<PlanComment> comments;  // oldest first
};

// The weeks nobody learns (issue #14 item 2; core/schedule/work_calendar.h
// makes times of them): whether Norway's holidays apply (fellesferie,
// Christmas, Easter week) and the organisation's own closed periods.
struct ClosedPeriod {
  std::string name;
  std::string first_day;  // YYYY-MM-DD
  std::string last_day;   // YYYY-MM-DD, inclusive
};
struct WorkCalendarSettings {
  bool norwegian_holidays = true;
  std::vector<ClosedPeriod> closed;
};

// Seats already taken per (resource id, session id) by saved, non-cancelled plans.
using SessionBookings = std::map<std::pair<std::string, std::string>, int>;

// The states a plan may move to from `from` (DRAFT -> PROPOSED -> APPROVED ->
// IN_PROGRESS -> COMPLETED, PROPOSED back to DRAFT, and any -> CANCELLED).
std::vector<PlanStatus> NextStatuses(PlanStatus from);
const char* PlanStatusName(PlanStatus s);
const char* StepStatusName(StepStatus s);

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

}  // namespace skillpath::core
