// Plans as stored and dated: a plan's statuses and their names, the steps of
// a search result ordered and dated (SchedulePlan, core/schedule/) and the
// plan made of them.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/plan/planner.h"

namespace skillpath::core {

std::vector<PlanStatus> NextStatuses(PlanStatus from) {
  switch (from) {
    case PlanStatus::kDraft: return {PlanStatus::kProposed, PlanStatus::kCancelled};
    case PlanStatus::kProposed: return {PlanStatus::kApproved, PlanStatus::kDraft, PlanStatus::kCancelled};
    case PlanStatus::kApproved: return {PlanStatus::kInProgress, PlanStatus::kCancelled};
    case PlanStatus::kInProgress: return {PlanStatus::kCompleted, PlanStatus::kCancelled};
    case PlanStatus::kCompleted: return {PlanStatus::kCancelled};
    default: return {};
  }
}

const char* PlanStatusName(PlanStatus s) {
  switch (s) {
    case PlanStatus::kDraft: return "DRAFT";
    case PlanStatus::kProposed: return "PROPOSED";
    case PlanStatus::kApproved: return "APPROVED";
    case PlanStatus::kInProgress: return "IN_PROGRESS";
    case PlanStatus::kCompleted: return "COMPLETED";
    case PlanStatus::kCancelled: return "CANCELLED";
    default: return "PLAN_STATUS_UNSPECIFIED";
  }
}

const char* StepStatusName(StepStatus s) {
  switch (s) {
    case StepStatus::kPlanned: return "PLANNED";
    case StepStatus::kStarted: return "STARTED";
    case StepStatus::kDone: return "DONE";
    case StepStatus::kSkipped: return "SKIPPED";
    case StepStatus::kAwaitingConfirmation: return "AWAITING_CONFIRMATION";
    default: return "STEP_STATUS_UNSPECIFIED";
  }
}

namespace {
// A plan has a handful of steps: finding each in the catalogue beats
// building an index of the whole catalogue for every plan of a batch.
const LearningResource* FindIn(const std::vector<LearningResource>& catalogue, const std::string& id) {
  for (const LearningResource& r : catalogue) {
    if (r.id == id) return &r;
  }
  return nullptr;
}
}  // namespace

DatedSteps SchedulePlan(const PlanResult& result, const std::vector<LearningResource>& catalogue,
                        const PlanOptions& options, const SessionBookings& bookings,
                        const std::set<std::string>& completed, const WorkCalendar* calendar) {
  ScheduleInput in;
  in.start = options.start;
  in.weekly_hours = options.weekly_hours;
  in.bookings = bookings;
  in.completed = completed;
  in.calendar = calendar;
  for (const PlannedStep& step : result.steps) in.steps.push_back({FindIn(catalogue, step.resource_id), step.changes});
  StepSchedule scheduled = ScheduleSteps(in);
  DatedSteps out;
  out.exact = scheduled.exact;
  out.schedule = std::move(scheduled.placed);
  bool same = true;
  for (size_t i = 0; i < scheduled.order.size(); ++i) same &= scheduled.order[i] == i;
  std::vector<const LearningResource*> sequence;
  for (size_t i : scheduled.order) sequence.push_back(in.steps[i].resource);
  const bool known = std::all_of(sequence.begin(), sequence.end(), [](const LearningResource* r) { return r; });
  if (same || !known || result.goals.empty()) {
    for (size_t i : scheduled.order) out.steps.push_back(result.steps[i]);
  } else {
    out.steps = DescribeSteps(result.goals, sequence);  // the level changes as they now happen
  }
  return out;
}

LearningPlan MakePlan(const std::string& person_id, const PlanResult& result, const DatedSteps& dated,
                      const std::vector<LearningResource>& catalogue, const PlanOptions& options) {
  LearningPlan plan;
  plan.person_id = person_id;
  plan.total_hours = result.total_hours;
  plan.total_cost = result.total_cost;
  plan.uncovered = result.uncovered;
  plan.optimal = result.optimal;
  plan.schedule_optimal = dated.exact;
  plan.options = options;
  for (size_t i = 0; i < dated.steps.size(); ++i) {
    PlanStep step;
    step.seq = static_cast<int>(i) + 1;
    step.resource_id = dated.steps[i].resource_id;
    const LearningResource* r = FindIn(catalogue, step.resource_id);
    step.title = r ? r->title : step.resource_id;
    step.changes = dated.steps[i].changes;
    step.rationale = dated.steps[i].rationale;
    if (i < dated.schedule.size()) {
      step.planned_start = dated.schedule[i].start;
      step.planned_end = dated.schedule[i].end;
      step.session_id = dated.schedule[i].session_id;
      step.problem = dated.schedule[i].problem;
    }
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace skillpath::core
