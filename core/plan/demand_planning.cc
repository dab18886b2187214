#include "core/plan/demand_planning.h"

#include "core/plan/person_plan.h"

namespace skillpath::core {

std::optional<LearningPlan> ActivePlan(std::vector<LearningPlan> plans) {
  for (LearningPlan& plan : plans) {  // newest first
    if (plan.status != PlanStatus::kCancelled && plan.status != PlanStatus::kCompleted) return std::move(plan);
  }
  return std::nullopt;
}

DemandDraft DraftDemand(const IndexSnapshot& index, const DemandMember& member, const PlanOptions& options, Time now,
                        long node_budget) {
  DemandDraft draft;
  draft.input.person_id = member.person->id;
  draft.input.goals = GoalsOf(index, *member.person, now);
  if (member.saved) return draft;
  draft.fresh = SearchPlan(index, draft.input.goals, member.completed, options, node_budget);
  return draft;
}

FinishedDemand FinishDemand(std::vector<DemandMember>& members, std::vector<DemandDraft>& drafts,
                            const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                            SessionBookings bookings, double budget, const WorkCalendar* calendar) {
  FinishedDemand out;
  std::vector<DemandInput> inputs;
  inputs.reserve(drafts.size());
  for (size_t i = 0; i < drafts.size(); ++i) {
    DemandInput& input = drafts[i].input;
    if (members[i].saved) {
      input.steps = std::move(members[i].saved->steps);
    } else {
      ++out.fresh_plans;
      PlanOptions own = options;
      if (members[i].weekly_hours > 0) own.weekly_hours = members[i].weekly_hours;
      LearningPlan plan = DatedPlan(members[i].person->id, *drafts[i].fresh, catalogue, own, bookings, calendar);
      TakeSeats(plan, bookings);
      input.steps = std::move(plan.steps);
    }
    inputs.push_back(std::move(input));
  }
  out.demand = ComputeTrainingDemand(inputs, catalogue, budget);
  return out;
}

}  // namespace skillpath::core
