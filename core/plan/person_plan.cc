#include "core/plan/person_plan.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/index/gap_queries.h"

namespace skillpath::core {

std::vector<PlanGoal> GoalsOf(const IndexSnapshot& index, const PersonState& person, Time now) {
  PersonGapResult gap;
  ComputeGapOf(index, person, now, gap);
  return PlanGoalsFor(index, person, gap);
}

PlanResult SearchPlan(const IndexSnapshot& index, std::vector<PlanGoal> goals, std::set<std::string> completed,
                      const PlanOptions& options, long node_budget) {
  PlannerInput input;
  input.goals = std::move(goals);
  input.catalogue = index.catalogue.get();
  input.completed = std::move(completed);
  input.options = options;
  input.node_budget = node_budget;
  return PlanLearning(input);
}

absl::StatusOr<PlanResult> PlanFor(const IndexSnapshot& index, const std::string& person_id, Time now,
                                   std::set<std::string> completed, const PlanOptions& options, long node_budget) {
  auto i = index.people.Find(person_id);
  if (!i) return absl::NotFoundError(absl::StrCat("person '", person_id, "' not found"));
  return SearchPlan(index, GoalsOf(index, *index.people.Get(*i), now), std::move(completed), options, node_budget);
}

LearningPlan DatedPlan(const std::string& person_id, const PlanResult& result,
                       const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                       const SessionBookings& bookings, const WorkCalendar* calendar) {
  return MakePlan(person_id, result, SchedulePlan(result, catalogue, options, bookings, {}, calendar), catalogue,
                  options);
}

void TakeSeats(const LearningPlan& plan, SessionBookings& bookings) {
  for (const PlanStep& step : plan.steps) {
    if (!step.session_id.empty()) ++bookings[{step.resource_id, step.session_id}];
  }
}

}  // namespace skillpath::core
