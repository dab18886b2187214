#include "core/currency/regenerate.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/currency/plan_currency.h"
#include "core/model/errors.h"
#include "core/plan/person_plan.h"
#include "core/schedule/work_calendar.h"

namespace skillpath::core {
namespace {

bool Kept(StepStatus s) {
  return s == StepStatus::kDone || s == StepStatus::kStarted || s == StepStatus::kAwaitingConfirmation;
}

const LearningResource* Find(const std::vector<LearningResource>& catalogue, const std::string& id) {
  for (const LearningResource& r : catalogue) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

absl::Status CheckOpen(const LearningPlan& plan) {
  if (IsOpenPlan(plan.status)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("plan '", plan.id, "' is ", PlanStatusName(plan.status),
                   "; only an open plan (DRAFT, PROPOSED, APPROVED or IN_PROGRESS) can be made again"));
}

}  // namespace

absl::StatusOr<Regeneration> PrepareRegeneration(const LearningPlan& old, std::vector<PlanGoal> goals,
                                                 std::set<std::string> completed,
                                                 const std::vector<LearningResource>& catalogue, Time now) {
  if (absl::Status s = CheckOpen(old); !s.ok()) return s;
  Regeneration r;
  r.loaded_at = old.updated_at;
  r.options = old.options;
  r.options.start = std::max(r.options.start, now);
  r.goals = std::move(goals);
  r.completed = std::move(completed);
  std::map<std::string, PlanGoal*> by_id;
  for (PlanGoal& g : r.goals) by_id[g.competence_id] = &g;
  for (const PlanStep& step : old.steps) {
    if (!Kept(step.status)) continue;
    r.kept.push_back(step);
    r.completed.insert(step.resource_id);
    if (step.status == StepStatus::kDone) continue;
    // Under way: the levels it brings count as coming, as the planner
    // would simulate them (an outcome applies from its min_level).
    if (const LearningResource* res = Find(catalogue, step.resource_id)) {
      for (const Outcome& o : res->outcomes) {
        auto g = by_id.find(o.competence_id);
        if (g != by_id.end() && g->second->start >= o.min_level) {
          g->second->start = std::max(g->second->start, o.reaches_level);
        }
      }
    } else {
      for (const LevelChange& c : step.changes) {
        auto g = by_id.find(c.competence_id);
        if (g != by_id.end() && g->second->start >= c.from) g->second->start = std::max(g->second->start, c.to);
      }
    }
  }
  return r;
}

absl::StatusOr<LearningPlan> SaveRegeneration(Repositories& repos, const std::string& old_id,
                                              const Regeneration& prepared, const PlanResult& result,
                                              const std::vector<LearningResource>& catalogue, const std::string& new_id,
                                              Time now) {
  ASSIGN_OR_RETURN(std::optional<LearningPlan> old, repos.plans.FindPlan(old_id));
  if (!old) return absl::NotFoundError(absl::StrCat("plan '", old_id, "' not found"));
  RETURN_IF_ERROR(CheckOpen(*old));
  if (old->updated_at != prepared.loaded_at) {
    return absl::AbortedError(absl::StrCat("plan '", old_id, "' changed while it was being made again; try again"));
  }
  old->status = PlanStatus::kCancelled;
  old->replaced_by_plan_id = new_id;
  old->updated_at = now;
  RETURN_IF_ERROR(repos.plans.PutPlan(*old));

  // The old plan's seats are free now; the kept steps hold theirs again.
  ASSIGN_OR_RETURN(SessionBookings bookings, repos.plans.Bookings());
  LearningPlan kept;
  kept.steps = prepared.kept;
  TakeSeats(kept, bookings);
  ASSIGN_OR_RETURN(WorkCalendarSettings settings, repos.plans.GetWorkCalendar());
  const WorkCalendar calendar = WorkCalendar::ForPlansFrom(settings, prepared.options.start);
  LearningPlan fresh = DatedPlan(old->person_id, result, catalogue, prepared.options, bookings, &calendar);

  LearningPlan plan = std::move(fresh);
  std::vector<PlanStep> steps = prepared.kept;
  for (PlanStep& s : plan.steps) steps.push_back(std::move(s));
  for (size_t i = 0; i < steps.size(); ++i) steps[i].seq = static_cast<int>(i) + 1;
  plan.steps = std::move(steps);
  for (const PlanStep& s : prepared.kept) {
    if (const LearningResource* r = Find(catalogue, s.resource_id)) {
      plan.total_hours += r->hours;
      plan.total_cost += r->cost;
    }
  }
  plan.id = new_id;
  plan.person_id = old->person_id;
  plan.status = PlanStatus::kDraft;
  plan.created_at = plan.updated_at = now;
  plan.replaces_plan_id = old_id;
  RETURN_IF_ERROR(repos.plans.PutPlan(plan));
  return plan;
}

}  // namespace skillpath::core
