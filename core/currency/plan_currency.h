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
// "Not enough": simulating the plan's steps (all but SKIPPED ones, in
// order, an outcome applying when the simulated level meets its min_level)
// from the person's levels now, a competence whose target now is above the
// level reached, unless the plan listed it as uncovered for at least that
// target when it was made.
#include <map>
#include <string>
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

// What the person has and needs now: `goals` as GoalsOf gives them (one
// per competence with a target; `start` is the effective level now),
// `sources` the source of each of those levels (for the reasons), `names`
// competence names for competences that are no longer goals.
struct PersonNow {
  std::vector<PlanGoal> goals;
  std::map<std::string, Source> sources;
  std::map<std::string, std::string> names;
};

// The currency of `plan` against `now`; `catalogue` gives the steps'
// outcomes, min_levels and prerequisites (a step whose resource is gone
// counts with its recorded level changes).
PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now,
                               const std::vector<LearningResource>& catalogue);

// The person's levels and targets as of `at` from the read index (their
// gap report, as GeneratePlan plans from it).
PersonNow PersonNowOf(const IndexSnapshot& index, const PersonState& person, Time at);

// CheckPlanCurrency for `plan`'s person from the read index as of `at`;
// unchecked for a closed plan or a person the snapshot does not hold.
PlanCurrency PlanCurrencyOf(const IndexSnapshot& index, const LearningPlan& plan, Time at);

}  // namespace skillpath::core
