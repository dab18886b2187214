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

// Kept whatever the levels now: the person has done or claimed it.
bool Finished(StepStatus s) { return s == StepStatus::kDone || s == StepStatus::kAwaitingConfirmation; }

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

absl::StatusOr<Regeneration> PrepareRegeneration(const LearningPlan& old, PersonNow person,
                                                 std::set<std::string> completed,
                                                 const std::vector<LearningResource>& catalogue, Time now) {
  if (absl::Status s = CheckOpen(old); !s.ok()) return s;
  // A STARTED step is kept while the old plan still needs it (for itself
  // or as a prerequisite of a step still needed).
  const PlanCurrency currency = CheckPlanCurrency(old, person, catalogue);
  Regeneration r;
  r.loaded_at = old.updated_at;
  r.options = old.options;
  r.options.start = std::max(r.options.start, now);
  r.fresh_from = r.options.start;
  r.goals = person.goals;
  r.person = std::move(person);
  r.completed = std::move(completed);
  std::map<std::string, PlanGoal*> by_id;
  for (PlanGoal& g : r.goals) by_id[g.competence_id] = &g;
  for (size_t i = 0; i < old.steps.size(); ++i) {
    const PlanStep& step = old.steps[i];
    if (step.status == StepStatus::kStarted && currency.steps[i].no_longer_needed) {
      r.dropped.push_back({step, currency.steps[i].reason});
      continue;
    }
    if (!Finished(step.status) && step.status != StepStatus::kStarted) continue;
    r.kept.push_back(step);
    if (step.status == StepStatus::kStarted) r.fresh_from = std::max(r.fresh_from, step.planned_end);
    r.completed.insert(step.resource_id);
    if (step.status == StepStatus::kDone) continue;
    // Under way: the levels it brings count as coming, as the planner
    // would simulate them (an outcome applies from its min_level).
    ApplyStep(Find(catalogue, step.resource_id), step, [&](const std::string& id) -> int* {
      auto g = by_id.find(id);
      return g == by_id.end() ? nullptr : &g->second->start;
    });
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
  // The fresh steps come after the kept STARTED ones (see fresh_from).
  PlanOptions fresh_options = prepared.options;
  fresh_options.start = prepared.fresh_from;
  const WorkCalendar calendar = WorkCalendar::ForPlansFrom(settings, fresh_options.start);
  LearningPlan plan = DatedPlan(old->person_id, result, catalogue, fresh_options, bookings, &calendar);
  plan.options = prepared.options;

  std::vector<PlanStep> steps = prepared.kept;
  for (PlanStep& s : plan.steps) steps.push_back(std::move(s));
  plan.steps = std::move(steps);
  plan.status = PlanStatus::kDraft;
  // A kept STARTED step only an old step needed as a prerequisite, which
  // the fresh steps do not need: left out, or the new plan would be out of
  // date at once. Leaving out a step no longer needed makes no other step
  // unneeded, so one pass does.
  const PlanCurrency currency = CheckPlanCurrency(plan, prepared.person, catalogue);
  std::vector<PlanStep> current;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (currency.steps[i].no_longer_needed && plan.steps[i].status == StepStatus::kStarted) continue;
    current.push_back(std::move(plan.steps[i]));
  }
  plan.steps = std::move(current);
  for (size_t i = 0; i < plan.steps.size(); ++i) plan.steps[i].seq = static_cast<int>(i) + 1;
  for (const PlanStep& s : plan.steps) {
    if (s.status == StepStatus::kPlanned) continue;  // the fresh ones, counted by DatedPlan
    if (const LearningResource* r = Find(catalogue, s.resource_id)) {
      plan.total_hours += r->hours;
      plan.total_cost += r->cost;
    }
  }
  plan.id = new_id;
  plan.person_id = old->person_id;
  plan.created_at = plan.updated_at = now;
  plan.replaces_plan_id = old_id;
  RETURN_IF_ERROR(repos.plans.PutPlan(plan));
  return plan;
}

}  // namespace skillpath::core
