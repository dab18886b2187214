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

// The steps whose need is judged: those nobody has finished or claimed.
bool Judged(StepStatus s) { return s == StepStatus::kPlanned || s == StepStatus::kStarted; }

class Judge {
 public:
  Judge(const LearningPlan& plan, const PersonNow& now, const std::vector<LearningResource>& catalogue)
      : plan_(plan), now_(now) {
    for (const PlanGoal& g : now.goals) goals_[g.competence_id] = &g;
    for (const LearningResource& r : catalogue) resources_[r.id] = &r;
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
  const LearningResource* Resource(const std::string& id) const {
    auto r = resources_.find(id);
    return r == resources_.end() ? nullptr : r->second;
  }

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
    std::map<std::string, int> planned_from;  // the lowest level a step raises each competence from
    for (const PlanStep& step : plan_.steps) {
      if (step.status == StepStatus::kSkipped) continue;
      for (const LevelChange& c : step.changes) {
        auto f = planned_from.try_emplace(c.competence_id, c.from).first;
        f->second = std::min(f->second, c.from);
      }
      if (const LearningResource* r = Resource(step.resource_id)) {
        for (const Outcome& o : r->outcomes) {
          auto l = level.find(o.competence_id);
          if (l != level.end() && l->second >= o.min_level) l->second = std::max(l->second, o.reaches_level);
        }
      } else {
        for (const LevelChange& c : step.changes) {
          auto l = level.find(c.competence_id);
          if (l != level.end() && l->second >= c.from) l->second = std::max(l->second, c.to);
        }
      }
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
      if (from == planned_from.end()) {
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
  std::unordered_map<std::string, const PlanGoal*> goals_;
  std::unordered_map<std::string, const LearningResource*> resources_;
};

}  // namespace

bool PlanCurrency::out_of_date() const { return unneeded_steps() > 0 || !not_enough.empty(); }

int PlanCurrency::unneeded_steps() const {
  return static_cast<int>(
      std::count_if(steps.begin(), steps.end(), [](const StepCurrency& s) { return s.no_longer_needed; }));
}

bool IsOpenPlan(PlanStatus status) {
  return status == PlanStatus::kDraft || status == PlanStatus::kProposed || status == PlanStatus::kApproved ||
         status == PlanStatus::kInProgress;
}

PlanCurrency CheckPlanCurrency(const LearningPlan& plan, const PersonNow& now,
                               const std::vector<LearningResource>& catalogue) {
  if (!IsOpenPlan(plan.status)) return {};
  return Judge(plan, now, catalogue).Run();
}

PersonNow PersonNowOf(const IndexSnapshot& index, const PersonState& person, Time at) {
  PersonGapResult gap;
  ComputeGapOf(index, person, at, gap);
  PersonNow now;
  now.goals = PlanGoalsFor(index, person, gap);
  for (const GapEntry& e : gap.entries) now.sources[index.competences->ids[e.competence]] = e.source;
  return now;
}

PlanCurrency PlanCurrencyOf(const IndexSnapshot& index, const LearningPlan& plan, Time at) {
  if (!IsOpenPlan(plan.status)) return {};
  auto i = index.people.Find(plan.person_id);
  if (!i) return {};
  PersonNow now = PersonNowOf(index, *index.people.Get(*i), at);
  for (const PlanStep& step : plan.steps) {
    for (const LevelChange& c : step.changes) {
      if (auto k = index.competences->Find(c.competence_id)) now.names[c.competence_id] = index.competences->names[*k];
    }
  }
  return CheckPlanCurrency(plan, now, *index.catalogue);
}

}  // namespace skillpath::core
