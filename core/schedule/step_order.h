#pragma once
// Scheduling as part of planning (issue #14): the order in which a plan's
// chosen steps are done and when each happens. Among the orders that
// respect prerequisites and min_levels, the one that seats the most
// classroom and workshop steps in a session, then finishes earliest; a
// self-paced step fills the weeks before and between sessions, a session
// step takes the earliest session with a free seat once the steps before it
// are done. Which steps the plan has (the fewest hours) is decided before,
// by the planner (core/plan/planner.h); this decides only order and dates.
//
// Exact: a dynamic programme over the sets of steps done (every placement
// is monotone in its start, so for each set and number of unseated steps
// the earliest finish is all that matters), for plans of up to
// kExactScheduleSteps steps; above, a greedy order (the step that ends
// first, among those allowed), and the result says so.
//
// Pure and deterministic.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/plan_types.h"
#include "core/model/types.h"
#include "core/schedule/work_calendar.h"

namespace skillpath::core {

inline constexpr size_t kExactScheduleSteps = 12;

// One step to place: its resource and the level changes the plan counts it
// for (their outcomes' min_levels must be met when it starts).
struct StepToPlace {
  const LearningResource* resource = nullptr;  // null: not in the catalogue (placed as 0 hours)
  std::vector<LevelChange> changes;
};

struct ScheduledStep {
  Time start = 0;
  Time end = 0;
  std::string session_id;  // for classroom and workshop steps
  std::string problem;     // non-empty: the step could not be placed as asked
};

struct ScheduleInput {
  std::vector<StepToPlace> steps;  // in the planner's order
  std::set<std::string> completed;  // resources done before the plan
  Time start = 0;
  double weekly_hours = 2;
  SessionBookings bookings;  // seats other plans hold
  // Weeks nobody learns: self-paced time passes only outside them (null:
  // none). Sessions keep their dates.
  const WorkCalendar* calendar = nullptr;
};

struct StepSchedule {
  std::vector<size_t> order;           // indices into ScheduleInput::steps, in the order they are done
  std::vector<ScheduledStep> placed;   // placed[i]: the step order[i]
  bool exact = true;                   // the order is proven best (false: the greedy order of a long plan)
  int unseated = 0;                    // session steps without a session
  Time finish = 0;                     // when the last step ends
};

StepSchedule ScheduleSteps(const ScheduleInput& input);

// The week of learning time at `weekly_hours` a week that `hours` take.
Time SelfPacedDuration(double hours, double weekly_hours);

}  // namespace skillpath::core
