#pragma once
// What the training demand of a unit is computed from (PlanService
// GetTrainingDemand): each person's active saved plan, or for those without
// one a fresh plan with the request's options, seated after the saved ones.
// Two stages, so the adapter can spread the first over threads:
//  - DraftDemand, per person and independent of the others: their goals
//    from their gap and, without a saved plan, a fresh plan;
//  - FinishDemand, once, in the people's order: fresh plans take session
//    seats after the saved plans' bookings and after each other (cohorts
//    fill sessions in order), then ComputeTrainingDemand.
// Pure: snapshot, plans and options in, figures out.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/index/read_index.h"
#include "core/plan/demand.h"
#include "core/plan/planner.h"

namespace skillpath::core {

struct DemandMember {
  const PersonState* person = nullptr;
  std::optional<LearningPlan> saved;  // the newest plan that is not cancelled or completed
  std::set<std::string> completed;    // resources of DONE steps (only read without a saved plan)
  double weekly_hours = 0;            // the person's own hours a week for a fresh plan (0: the options')
};

struct DemandDraft {
  DemandInput input;                // person and goals; steps set by FinishDemand
  std::optional<PlanResult> fresh;  // without a saved plan
};

// The newest of `plans` (newest first, as PlanRepository::ListPlans gives
// them) that is neither cancelled nor completed.
std::optional<LearningPlan> ActivePlan(std::vector<LearningPlan> plans);

DemandDraft DraftDemand(const IndexSnapshot& index, const DemandMember& member, const PlanOptions& options, Time now,
                        long node_budget);

struct FinishedDemand {
  DemandResult demand;
  size_t fresh_plans = 0;  // people planned afresh (not saved)
};
FinishedDemand FinishDemand(std::vector<DemandMember>& members, std::vector<DemandDraft>& drafts,
                            const std::vector<LearningResource>& catalogue, const PlanOptions& options,
                            SessionBookings bookings, double budget, const WorkCalendar* calendar = nullptr);

}  // namespace skillpath::core
