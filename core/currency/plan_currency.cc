#include "core/currency/plan_currency.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/index/gap_queries.h"

namespace skillpath::core {
namespace {

const char* SourceWords(Source s) {
  switch (s) {
    case Source::kSelf:
      return "self-rated";
    case Source::kManager:
      return "rated by the manager";
    case Source::kEvidence:
      return "evidence";
    case Source::kCertification:
      return "certified";
    case Source::kUnspecified:
      break;
  }
  return "no assessment";
}

// The target the plan was made to reach: REQUIRED, or DESIRED too when the
// plan includes «bør».
int TargetOf(const PlanGoal& g, bool include_desired) {
  return include_desired ? std::max(g.required, g.desired) : g.required;
}

// The steps still to do: their need is judged, and they are what "not
// enough" simulates. The others are finished (DONE), claimed
// (AWAITING_CONFIRMATION: the claim is in the levels) or left out (SKIPPED).
bool Judged(StepStatus s) { return s == StepStatus::kPlanned || s == StepStatus::kStarted; }

// What a finished or claimed step brought is in the levels now.
bool Finished(StepStatus s) { return s == StepStatus::kDone || s == StepStatus::kAwaitingConfirmation; }

class Judge {
 public:
  Judge(const LearningPlan& plan, const PersonNow& now, const CatalogueIndex& catalogue)
      : plan_(plan), now_(now), catalogue_(catalogue) {
    for (const PlanGoal& g : now.goals) goals_[g.competence_id] = &g;
  }

  PlanCurrency Run() {
    PlanCurrency out;
    out.checked = true;
    out.steps.resize(plan_.steps.size());
    std::vector<bool> needed(plan_.steps.size(), true);
    for (size_t i = 0; i < plan_.steps.size(); ++i) {
      if (!Judged(plan_.steps[i].status)) continue;
      needed[i] = JudgeOwnChanges(plan_.steps[i], out.steps[i].reason);
    }
    KeepPrerequisites(needed);
    for (size_t i = 0; i < plan_.steps.size(); ++i) {
      out.steps[i].no_longer_needed = Judged(plan_.steps[i].status) && !needed[i];
      if (!out.steps[i].no_longer_needed) out.steps[i].reason.clear();
    }
    out.not_enough = Shortfalls();
    return out;
  }

 private:
  std::string Name(const std::string& competence_id) const {
    if (auto g = goals_.find(competence_id); g != goals_.end() && !g->second->competence_name.empty()) {
      return g->second->competence_name;
    }
    auto n = now_.names.find(competence_id);
    return n == now_.names.end() || n->second.empty() ? competence_id : n->second;
  }
  Source SourceOf(const std::string& competence_id) const {
    auto s = now_.sources.find(competence_id);
    return s == now_.sources.end() ? Source::kUnspecified : s->second;
  }
  const LearningResource* Resource(const std::string& id) const { return catalogue_.Find(id); }

  // Whether one of the step's own level changes is still to be reached;
  // `reason` gets why not, change by change.
  bool JudgeOwnChanges(const PlanStep& step, std::string& reason) const {
    std::vector<std::string> why;
    bool needed = false;
    for (const LevelChange& c : step.changes) {
      auto g = goals_.find(c.competence_id);
      const int target = g == goals_.end() ? 0 : TargetOf(*g->second, plan_.options.include_desired);
      if (target <= 0) {
        why.push_back(absl::StrCat(Name(c.competence_id), " is no longer a target"));
        continue;
      }
      const int current = g->second->start;
      if (current < std::min(c.to, target)) {
        needed = true;
        continue;
      }
      const std::string at = absl::StrCat(Name(c.competence_id), " is at ", current, " now (",
                                          SourceWords(SourceOf(c.competence_id)), ")");
      why.push_back(current >= c.to ? absl::StrCat(at, ", the level this step was to reach")
                                    : absl::StrCat(at, ", which meets the target of ", target));
    }
    if (step.changes.empty()) why.push_back("it raises no level the plan still needs");
    reason = absl::StrJoin(why, "; ");
    return needed;
  }

  // A step still needed keeps the steps of its prerequisites (and theirs).
  void KeepPrerequisites(std::vector<bool>& needed) const {
    std::vector<size_t> todo;
    for (size_t i = 0; i < needed.size(); ++i) {
      if (needed[i] && Judged(plan_.steps[i].status)) todo.push_back(i);
    }
    while (!todo.empty()) {
      const size_t j = todo.back();
      todo.pop_back();
      const LearningResource* r = Resource(plan_.steps[j].resource_id);
      if (!r) continue;
      for (const std::string& p : r->prerequisite_ids) {
        for (size_t i = 0; i < plan_.steps.size(); ++i) {
          if (i == j || needed[i] || plan_.steps[i].resource_id != p || !Judged(plan_.steps[i].status)) continue;
          needed[i] = true;
          todo.push_back(i);
        }
      }
    }
  }

  std::vector<PlanShortfall> Shortfalls() const {
    std::map<std::string, int> level;
    for (const PlanGoal& g : now_.goals) level[g.competence_id] = g.start;
    std::map<std::string, int> planned_from;  // the lowest level a step to do raises each competence from
    std::map<std::string, int> finished_to;   // the highest level a finished step took each competence to
    for (const PlanStep& step : plan_.steps) {
      if (Finished(step.status)) {
        for (const LevelChange& c : step.changes) {
          auto t = finished_to.try_emplace(c.competence_id, c.to).first;
          t->second = std::max(t->second, c.to);
        }
      }
      if (!Judged(step.status)) continue;
      for (const LevelChange& c : step.changes) {
        auto f = planned_from.try_emplace(c.competence_id, c.from).first;
        f->second = std::min(f->second, c.from);
      }
      ApplyStep(Resource(step.resource_id), step, [&](const std::string& id) -> int* {
        auto l = level.find(id);
        return l == level.end() ? nullptr : &l->second;
      });
    }
    std::vector<PlanShortfall> out;
    for (const PlanGoal& g : now_.goals) {
      const int target = TargetOf(g, plan_.options.include_desired);
      const int reached = level[g.competence_id];
      if (target <= 0 || reached >= target) continue;
      const bool known = std::any_of(plan_.uncovered.begin(), plan_.uncovered.end(), [&](const UncoveredGoal& u) {
        return u.competence_id == g.competence_id && u.target >= target;
      });
      if (known) continue;
      PlanShortfall s;
      s.competence_id = g.competence_id;
      s.competence_name = Name(g.competence_id);
      s.planned_level = reached;
      s.needed_level = target;
      const std::string needed_by =
          g.needed_by.empty() ? "" : absl::StrCat(" (needed by ", absl::StrJoin(g.needed_by, ", "), ")");
      auto from = planned_from.find(g.competence_id);
      auto finished = finished_to.find(g.competence_id);
      if (from == planned_from.end() && finished != finished_to.end() && g.start < finished->second) {
        // Done in this plan, and lost since: rated lower, or expired.
        s.reason = absl::StrCat(s.competence_name, " is at ", g.start, " now (", SourceWords(SourceOf(g.competence_id)),
                                "), below the ", finished->second, " a finished step of the plan reached, and ",
                                "no step left raises it to the ", target, " needed");
      } else if (from == planned_from.end()) {
        s.reason = absl::StrCat(s.competence_name, " has a target of ", target, " now", needed_by,
                                " and the plan does not raise it from ", g.start);
      } else if (g.start < from->second) {
        s.reason = absl::StrCat(s.competence_name, " is at ", g.start, " now (", SourceWords(SourceOf(g.competence_id)),
                                "), below the ", from->second, " the plan starts from; it reaches ", reached,
                                " of the ", target, " needed");
      } else {
        s.reason = absl::StrCat(s.competence_name, " has a target of ", target, " now", needed_by,
                                "; the plan reaches ", reached);
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  const LearningPlan& plan_;
  const PersonNow& now_;
  const CatalogueIndex& catalogue_;
  std::unordered_map<std::string, const PlanGoal*> goals_;
};

// Adds the names of the competences `plan`'s steps change to `now`, for
// the reasons about competences that are no longer goals.
void AddNames(const IndexSnapshot& index, const LearningPlan& plan, PersonNow& now) {
  for (const PlanStep& step : plan.steps) {
    for (const LevelChange& c : step.changes) {
      if (auto k = index.competences->Find(c.competence_id)) now.names[c.competence_id] = index.competences->names[*k];
    }
  }
}

}  // namespace

void ApplyStep(const LearningResource* resource, const PlanStep& step,
               const std::function<int*(const std::string&)>& level_of) {
  if (resource) {
    for (const Outcome& o : resource->outcomes) {
      int* l = level_of(o.competence_id);
      if (l && *l >= o.min_level) *l = std::max(*l, o.reaches_level);
    }
    return;
  }
  for (const LevelChange& c : step.changes) {
    int* l = level_of(c.competence_id);
    if (l && *l >= c.from) *l = std::max(*l, c.to);
  }
}

bool PlanCurrency::out_of_date() const { return unneeded_steps() > 0 || !not_enough.empty(); }

int PlanCurrency::unneeded_steps() const {
  return static_cast<int>(
      std::count_if(steps.begin(), steps.end(), [](const StepCurrency& s) { return s.no_longer_needed; }));
}

bool IsOpenPlan(PlanStatus status) {
  return status == PlanStatus::kDraft || status == PlanStatus::kProposed || status == PlanStatus::kApproved ||
         status == PlanStatus::kInProgress;
}

CatalogueIndex::CatalogueIndex(const std::vector<LearningResource>& catalogue) {
  by_id_.reserve(catalogue.size());
  for (const LearningResource& r : catalogue) by_id_.emplace(r.id, &r);
}

const LearningResource* CatalogueIndex::Find(const std::string& id) const {
  auto r = by_id_.find(id);
  return r == by_id_.end() ? nullptr : r->second;
}

PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now, const CatalogueIndex& catalogue) {
  if (!IsOpenPlan(plan.status)) return {};
  return Judge(plan, now, catalogue).Run();
}

PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now,
                               const std::vector<LearningResource>& catalogue) {
  if (!IsOpenPlan(plan.status)) return {};
  return CheckPlanCurrency(plan, now, CatalogueIndex(catalogue));
}

PersonNow PersonNowOf(const IndexSnapshot& index, const PersonState& person, Time at, const LearningPlan* names_for) {
  PersonGapResult gap;
  ComputeGapOf(index, person, at, gap);
  PersonNow now;
  now.goals = PlanGoalsFor(index, person, gap);
  for (const GapEntry& e : gap.entries) now.sources[index.competences->ids[e.competence]] = e.source;
  if (names_for) AddNames(index, *names_for, now);
  return now;
}

PlanCurrency PlanCurrencyOf(const IndexSnapshot& index, const LearningPlan& plan, Time at) {
  if (!IsOpenPlan(plan.status)) return {};
  auto i = index.people.Find(plan.person_id);
  if (!i) return {};
  return CheckPlanCurrency(plan, PersonNowOf(index, *index.people.Get(*i), at, &plan), *index.catalogue);
}

PlanCurrencyChecker::PlanCurrencyChecker(const IndexSnapshot& index, Time at)
    : index_(index), at_(at), catalogue_(*index.catalogue) {}

PlanCurrency PlanCurrencyChecker::Of(const LearningPlan& plan) {
  if (!IsOpenPlan(plan.status)) return {};
  auto known = people_.find(plan.person_id);
  if (known == people_.end()) {
    auto i = index_.people.Find(plan.person_id);
    if (!i) return {};
    known = people_.emplace(plan.person_id, PersonNowOf(index_, *index_.people.Get(*i), at_)).first;
  }
  // Names gathered from earlier plans are of the same competences' ids,
  // so they may stay.
  AddNames(index_, plan, known->second);
  return CheckPlanCurrency(plan, known->second, catalogue_);
}

}  // namespace skillpath::core
