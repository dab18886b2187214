#include "core/plan/demand_planning.h"

#include "core/index/gap_queries.h"

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
  PersonGapResult gap;
  ComputeGapOf(index, *member.person, now, gap);
  draft.input.person_id = member.person->id;
  draft.input.goals = PlanGoalsFor(index, *member.person, gap);
  if (member.saved) return draft;
  PlannerInput input;
  input.goals = draft.input.goals;
  input.catalogue = index.catalogue.get();
  input.completed = member.completed;
  input.options = options;
  input.node_budget = node_budget;
  draft.fresh = PlanLearning(input);
  return draft;
}

FinishedDemand FinishDemand(std::vector<DemandMember>& members, std::vector<DemandDraft>& drafts,
                            const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                            SessionBookings bookings, double budget) {
  FinishedDemand out;
  std::vector<DemandInput> inputs;
  inputs.reserve(drafts.size());
  for (size_t i = 0; i < drafts.size(); ++i) {
    DemandInput& input = drafts[i].input;
    if (members[i].saved) {
      input.steps = std::move(members[i].saved->steps);
    } else {
      ++out.fresh_plans;
      const PlanResult& result = *drafts[i].fresh;
      std::vector<ScheduledStep> schedule = SchedulePlan(result.steps, catalogue, options, bookings);
      for (size_t k = 0; k < schedule.size(); ++k) {
        if (!schedule[k].session_id.empty()) ++bookings[{result.steps[k].resource_id, schedule[k].session_id}];
      }
      input.steps = MakePlan(members[i].person->id, result, schedule, catalogue, options).steps;
    }
    inputs.push_back(std::move(input));
  }
  out.demand = ComputeTrainingDemand(inputs, catalogue, budget);
  return out;
}

}  // namespace skillpath::core
