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
#include "core/model/plan_types.h"
#include "core/plan/planner.h"
#include "core/ports/repository.h"

namespace skillpath::core {

struct Regeneration {
  // DONE, STARTED and AWAITING_CONFIRMATION steps of the old plan, as they
  // are (status, dates, session, comment), in their order.
  std::vector<PlanStep> kept;
  // The person's goals now, with the level changes of the kept steps that
  // are not DONE applied (they are under way: the planner plans around
  // them; DONE ones are in the levels already).
  std::vector<PlanGoal> goals;
  // Resources the planner must not choose again and counts as done for
  // prerequisites: the person's completed ones and the kept steps'.
  std::set<std::string> completed;
  // The old plan's options; a start in the past moves to `now`.
  PlanOptions options;
  Time loaded_at = 0;  // the old plan's updated_at: it must not change before the save
};

// FAILED_PRECONDITION for a plan that is not open.
absl::StatusOr<Regeneration> PrepareRegeneration(const LearningPlan& old, std::vector<PlanGoal> goals,
                                                 std::set<std::string> completed,
                                                 const std::vector<LearningResource>& catalogue, Time now);

// The new DRAFT `new_id` from `prepared` and the planner's `result`, and the
// old plan CANCELLED with replaced_by_plan_id, both saved; returns the new
// plan. ABORTED when the old plan changed since it was prepared (try
// again), FAILED_PRECONDITION when it is no longer open.
absl::StatusOr<LearningPlan> SaveRegeneration(Repositories& repos, const std::string& old_id,
                                              const Regeneration& prepared, const PlanResult& result,
                                              const std::vector<LearningResource>& catalogue, const std::string& new_id,
                                              Time now);

}  // namespace skillpath::core
