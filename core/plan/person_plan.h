#pragma once
// One person's plan from the read index, as GeneratePlan makes it and as
// training demand makes the fresh plans of people without one: the goals
// from their gap as of `now`, the search over the snapshot's catalogue,
// and, once the seats other plans hold are known, the dated plan.
// Pure: snapshot, completed resources and options in, plan out.
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/index/read_index.h"
#include "core/plan/planner.h"

namespace skillpath::core {

// What the planner should close for `person` now (their gap's goals).
std::vector<PlanGoal> GoalsOf(const IndexSnapshot& index, const PersonState& person, Time now);

// The cheapest steps that close `goals` from the snapshot's catalogue,
// skipping resources in `completed`; at most `node_budget` search nodes.
PlanResult SearchPlan(const IndexSnapshot& index, std::vector<PlanGoal> goals, std::set<std::string> completed,
                      const PlanOptions& options, long node_budget);

// `result` ordered and dated after the seats in `bookings` (SchedulePlan) and made into
// the plan the person gets (MakePlan); no id, status or times yet.
LearningPlan DatedPlan(const std::string& person_id, const PlanResult& result,
                       const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                       const SessionBookings& bookings, const WorkCalendar* calendar = nullptr);

// GeneratePlan's search: GoalsOf then SearchPlan for `person_id`;
// NOT_FOUND for a person the snapshot does not hold.
absl::StatusOr<PlanResult> PlanFor(const IndexSnapshot& index, const std::string& person_id, Time now,
                                   std::set<std::string> completed, const PlanOptions& options, long node_budget);

// The seats `plan` takes (one per step with a session), added to `bookings`.
void TakeSeats(const LearningPlan& plan, SessionBookings& bookings);

}  // namespace skillpath::core
