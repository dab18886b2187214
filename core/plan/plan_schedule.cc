// Plans as stored and dated: a plan's statuses and their names, the steps of
// a search result with dates (SchedulePlan) and the plan made of them.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/plan/planner.h"

namespace skillpath::core {

std::vector<PlanStatus> NextStatuses(PlanStatus from) {
  switch (from) {
    case PlanStatus::kDraft: return {PlanStatus::kProposed, PlanStatus::kCancelled};
    case PlanStatus::kProposed: return {PlanStatus::kApproved, PlanStatus::kCancelled};
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

LearningPlan MakePlan(const std::string& person_id, const PlanResult& result,
                      const std::vector<ScheduledStep>& schedule, const std::vector<LearningResource>& catalogue,
                      const PlanOptions& options) {
  LearningPlan plan;
  plan.person_id = person_id;
  plan.total_hours = result.total_hours;
  plan.total_cost = result.total_cost;
  plan.uncovered = result.uncovered;
  plan.optimal = result.optimal;
  plan.options = options;
  for (size_t i = 0; i < result.steps.size(); ++i) {
    PlanStep step;
    step.seq = static_cast<int>(i) + 1;
    step.resource_id = result.steps[i].resource_id;
    const LearningResource* r = FindIn(catalogue, step.resource_id);
    step.title = r ? r->title : step.resource_id;
    step.changes = result.steps[i].changes;
    step.rationale = result.steps[i].rationale;
    if (i < schedule.size()) {
      step.planned_start = schedule[i].start;
      step.planned_end = schedule[i].end;
      step.session_id = schedule[i].session_id;
      step.problem = schedule[i].problem;
    }
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

std::vector<ScheduledStep> SchedulePlan(const std::vector<PlannedStep>& steps,
                                        const std::vector<LearningResource>& catalogue, const PlanOptions& o,
                                        const SessionBookings& bookings) {
  const double weekly = o.weekly_hours > 0 ? o.weekly_hours : 2;
  constexpr double kWeek = 7.0 * 86400 * 1000000;
  std::vector<ScheduledStep> out;
  Time cursor = o.start;
  SessionBookings taken = bookings;
  for (const PlannedStep& step : steps) {
    ScheduledStep s;
    const LearningResource* r = FindIn(catalogue, step.resource_id);
    const bool needs_session = r && (r->mode == Mode::kClassroom || r->mode == Mode::kWorkshop);
    bool placed = false;
    if (needs_session) {
      std::vector<const Session*> sessions;
      for (const Session& session : r->sessions) sessions.push_back(&session);
      std::sort(sessions.begin(), sessions.end(),
                [](const Session* a, const Session* b) { return std::tie(a->start, a->id) < std::tie(b->start, b->id); });
      for (const Session* session : sessions) {
        if (session->start < cursor) continue;
        int& seats = taken[{r->id, session->id}];
        if (seats >= session->capacity) continue;
        ++seats;
        s.start = session->start;
        s.end = session->end;
        s.session_id = session->id;
        placed = true;
        break;
      }
      if (!placed) {
        s.problem = r->sessions.empty()
                        ? "no sessions are planned for this course; ask the provider for a date"
                        : "no session with a free seat after the steps before it; ask for a new session";
      }
    }
    if (!placed) {
      const double hours = r ? r->hours : 0;
      s.start = cursor;
      s.end = cursor + static_cast<Time>(std::ceil(hours / weekly * kWeek));
    }
    cursor = std::max(cursor, s.end);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace skillpath::core
