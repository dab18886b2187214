#pragma once
// Whether a saved plan still fits its person (issue #14 item 3). A plan is
// made from the levels and targets of the day it was made; afterwards an
// assessment, a step of another plan or a role change moves them. This
// says, for an open plan (DRAFT, PROPOSED, APPROVED, IN_PROGRESS), which of
// its steps are no longer needed and which targets it no longer reaches.
// It is computed whenever a plan is answered, never stored, so it is always
// as current as the read index. Pure and deterministic.
//
// A PLANNED or STARTED step is no longer needed when each level change it
// was planned for is reached already (the person's effective level now is
// at least the lower of the change's `to` and the competence's target now)
// or its competence is no longer a target, and no step still needed has
// its resource as a prerequisite. DONE and SKIPPED steps are history;
// AWAITING_CONFIRMATION steps are judged by their confirmer (the learner's
// own claim is a SELF assessment of the very levels the step brings, which
// would otherwise mark it unneeded).
//
// "Not enough": simulating the plan's steps still to do (PLANNED and
// STARTED ones, in order, an outcome applying when the simulated level
// meets its min_level) from the person's levels now, a competence whose
// target now is above the level reached, unless the plan listed it as
// uncovered for at least that target when it was made. DONE and
// AWAITING_CONFIRMATION steps are not simulated: what they brought is in
// the levels now already (the evidence, or the learner's SELF claim), and
// where it has gone since (a manager's lower rating, an expired
// certification) is exactly what must show.
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/index/read_index.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

struct StepCurrency {
  bool no_longer_needed = false;
  std::string reason;  // why, in words; empty when still needed
};

struct PlanShortfall {
  std::string competence_id;
  std::string competence_name;
  int planned_level = 0;  // reached by the plan from the level now
  int needed_level = 0;   // the target now
  std::string reason;
};

struct PlanCurrency {
  bool checked = false;             // the plan is open and its person known
  std::vector<StepCurrency> steps;  // steps[i]: the plan's steps[i] (empty unless checked)
  std::vector<PlanShortfall> not_enough;

  bool out_of_date() const;
  int unneeded_steps() const;
};

// DRAFT, PROPOSED, APPROVED or IN_PROGRESS: a plan someone still works on.
bool IsOpenPlan(PlanStatus status);

// Raises the levels `level_of` gives (null: a competence not followed) as
// doing `step` would: by its resource's outcomes, each from its min_level,
// or, with the resource gone from the catalogue (null), by the changes the
// step was planned for.
void ApplyStep(const LearningResource* resource, const PlanStep& step,
               const std::function<int*(const std::string&)>& level_of);

// What the person has and needs now: `goals` as GoalsOf gives them (one
// per competence with a target; `start` is the effective level now),
// `sources` the source of each of those levels (for the reasons), `names`
// competence names for competences that are no longer goals.
struct PersonNow {
  std::vector<PlanGoal> goals;
  std::map<std::string, Source> sources;
  std::map<std::string, std::string> names;
};

// The catalogue by resource id, built once for checking many plans (a
// catalogue of 500 resources costs tens of microseconds to index, more
// than checking a plan). Refers to `catalogue`, which must outlive it;
// immutable once built, so it may be shared between threads.
class CatalogueIndex {
 public:
  explicit CatalogueIndex(const std::vector<LearningResource>& catalogue);
  // The resource `id`, or null when the catalogue has none.
  const LearningResource* Find(const std::string& id) const;

 private:
  std::unordered_map<std::string, const LearningResource*> by_id_;
};

// The currency of `plan` against `now`; `catalogue` gives the steps'
// outcomes, min_levels and prerequisites (a step whose resource is gone
// counts with its recorded level changes).
PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now, const CatalogueIndex& catalogue);
// The same, indexing `catalogue` for this one plan.
PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now,
                               const std::vector<LearningResource>& catalogue);

// The person's levels and targets as of `at` from the read index (their
// gap report, as GeneratePlan plans from it), with the names of the
// competences `names_for`'s steps change when it is given.
PersonNow PersonNowOf(const IndexSnapshot& index, const PersonState& person, Time at,
                      const LearningPlan* names_for = nullptr);

// CheckPlanCurrency for `plan`'s person from the read index as of `at`;
// unchecked for a closed plan or a person the snapshot does not hold.
// Indexes the catalogue and computes the person's gap for this one plan:
// to check many, use PlanCurrencyChecker.
PlanCurrency PlanCurrencyOf(const IndexSnapshot& index, const LearningPlan& plan, Time at);

// PlanCurrencyOf for many plans of one snapshot and moment (ListPlans, the
// out-of-date count): the catalogue is indexed once, and each person's
// levels and targets are computed once, on their first plan. Refers to
// `index`, which must outlive it. Not thread-safe (it caches); one per call.
class PlanCurrencyChecker {
 public:
  PlanCurrencyChecker(const IndexSnapshot& index, Time at);
  PlanCurrencyChecker(const PlanCurrencyChecker&) = delete;
  PlanCurrencyChecker& operator=(const PlanCurrencyChecker&) = delete;

  // As PlanCurrencyOf(index, plan, at).
  PlanCurrency Of(const LearningPlan& plan);

 private:
  const IndexSnapshot& index_;
  const Time at_;
  const CatalogueIndex catalogue_;
  std::unordered_map<std::string, PersonNow> people_;  // by person id
};

}  // namespace skillpath::core
