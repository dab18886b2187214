#pragma once
// Making an open plan again from the person's levels now (issue #14 item
// 3, PlanService.RegeneratePlan). Two stages, as GeneratePlan has them, so
// that the search runs off the writer:
//  - PrepareRegeneration (pure): what is kept of the old plan and what the
//    planner is asked to close around it;
//  - SaveRegeneration (in the writer's transaction): the old plan, loaded
//    again, becomes CANCELLED and names the new one; the new DRAFT (kept
//    steps first, then the fresh ones, dated after the seats other plans
//    hold) is saved.
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/currency/plan_currency.h"
#include "core/model/plan_types.h"
#include "core/plan/planner.h"
#include "core/ports/repository.h"

namespace skillpath::core {

// A STARTED step of the old plan that the new one leaves out.
struct DroppedStep {
  PlanStep step;
  std::string reason;  // why it is no longer needed (as the plan's currency says)
};

struct Regeneration {
  // The old plan's DONE and AWAITING_CONFIRMATION steps, and its STARTED
  // steps still needed, as they are (status, dates, session, comment), in
  // their order. Keeping a STARTED step the person no longer needs would
  // make the new plan out of date the moment it is made, however often it
  // is made again.
  std::vector<PlanStep> kept;
  // STARTED steps no longer needed by the levels now, left out.
  std::vector<DroppedStep> dropped;
  // The person's levels and targets now, as prepared from (to judge the
  // new plan's kept steps once the planner has chosen the fresh ones).
  PersonNow person;
  // The person's goals now, with the level changes of the kept steps that
  // are not DONE applied (they are under way: the planner plans around
  // them; DONE ones are in the levels already).
  std::vector<PlanGoal> goals;
  // Resources the planner must not choose again and counts as done for
  // prerequisites: the person's completed ones and the kept steps'.
  std::set<std::string> completed;
  // The old plan's options; a start in the past moves to `now`.
  PlanOptions options;
  // When the fresh steps may start: options.start, or the latest
  // planned_end of a kept STARTED step if later. A fresh step may need a
  // kept one as its prerequisite, and the kept steps' learning time is
  // already spoken for at the plan's weekly hours.
  Time fresh_from = 0;
  Time loaded_at = 0;  // the old plan's updated_at: it must not change before the save
};

// What to keep of `old` and ask the planner for, from `person` (PersonNowOf
// the old plan's person, now). FAILED_PRECONDITION for a plan that is not
// open.
absl::StatusOr<Regeneration> PrepareRegeneration(const LearningPlan& old, PersonNow person,
                                                 std::set<std::string> completed,
                                                 const std::vector<LearningResource>& catalogue, Time now);

// The new DRAFT `new_id` from `prepared` and the planner's `result` (the
// fresh steps dated from prepared.fresh_from), and the old plan CANCELLED
// with replaced_by_plan_id, both saved; returns the new plan. A kept
// STARTED step that only a step of the old plan needed (as a prerequisite)
// and that the new plan does not need is left out too. ABORTED when the old plan changed since it was prepared (try
// again), FAILED_PRECONDITION when it is no longer open.
absl::StatusOr<LearningPlan> SaveRegeneration(Repositories& repos, const std::string& old_id,
                                              const Regeneration& prepared, const PlanResult& result,
                                              const std::vector<LearningResource>& catalogue, const std::string& new_id,
                                              Time now);

}  // namespace skillpath::core
