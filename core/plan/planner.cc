// PlanLearning: from a person's goals and the catalogue to the cheapest
// sequence of resources, in named steps. The search itself is in
// core/plan/plan_search.cc; dates and statuses in core/plan/plan_schedule.cc.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/plan/plan_search.h"
#include "core/plan/planner.h"

namespace skillpath::core {
namespace {

using planning::Candidate;
using planning::kEps;
using planning::Slot;

std::string Format(double v) { return absl::StrCat(std::round(v * 100) / 100); }

// The competences with something to close, and each one's slot.
struct Slots {
  std::vector<Slot> slots;
  std::unordered_map<std::string, int> slot_of;
};

Slots SlotsOf(const PlannerInput& in) {
  Slots out;
  for (const PlanGoal& g : in.goals) {
    const int target = in.options.include_desired ? std::max(g.required, g.desired) : g.required;
    if (target <= g.start) continue;
    out.slot_of[g.competence_id] = static_cast<int>(out.slots.size());
    out.slots.push_back({&g, target, target, ""});
  }
  return out;
}

// The part of the catalogue that matters: resources acting on a slot and
// the prerequisites they need, whatever the options; sorted by id.
std::vector<const LearningResource*> RelevantResources(
    const std::vector<LearningResource>& catalogue, const std::unordered_map<std::string, int>& slot_of,
    const std::unordered_map<std::string, const LearningResource*>& by_id) {
  std::vector<const LearningResource*> relevant;
  std::unordered_set<std::string> seen;
  std::vector<const LearningResource*> stack;
  for (const LearningResource& r : catalogue) {
    for (const Outcome& out : r.outcomes) {
      if (slot_of.count(out.competence_id)) {
        stack.push_back(&r);
        break;
      }
    }
  }
  while (!stack.empty()) {
    const LearningResource* r = stack.back();
    stack.pop_back();
    if (!seen.insert(r->id).second) continue;
    relevant.push_back(r);
    for (const std::string& p : r->prerequisite_ids) {
      auto it = by_id.find(p);
      if (it != by_id.end()) stack.push_back(it->second);
    }
  }
  std::sort(relevant.begin(), relevant.end(),
            [](const LearningResource* a, const LearningResource* b) { return a->id < b->id; });
  return relevant;
}

// What the allowed catalogue can reach at all, and why not more: lowers
// each slot's `capped` and says why.
void CapUnreachable(const PlannerInput& in, const std::vector<const LearningResource*>& relevant, Slots& s) {
  auto allowed = [&](const LearningResource& r) { return planning::Allowed(r, in.options); };
  const std::vector<int> reach = planning::Reachable(s.slots, relevant, in.completed, allowed, s.slot_of);
  const std::vector<int> reach_any = planning::Reachable(
      s.slots, relevant, in.completed, [](const LearningResource&) { return true; }, s.slot_of);
  for (size_t i = 0; i < s.slots.size(); ++i) {
    Slot& slot = s.slots[i];
    if (reach[i] >= slot.target) continue;
    slot.capped = std::max(reach[i], slot.goal->start);
    slot.cap_reason = reach_any[i] > reach[i]
                          ? absl::StrCat("reaching level ", std::min(reach_any[i], slot.target),
                                         " needs a mode or language the options do not allow")
                          : absl::StrCat("no resource in the catalogue reaches level ", reach[i] + 1);
  }
}

// Candidates: allowed resources not done before that act on a slot, and the
// allowed prerequisites they need; a candidate whose prerequisite cannot be
// had goes too. Prerequisites by candidate index.
std::vector<Candidate> CandidatesOf(const PlannerInput& in, const std::vector<const LearningResource*>& relevant,
                                    const Slots& s,
                                    const std::unordered_map<std::string, const LearningResource*>& by_id) {
  const PlanOptions& o = in.options;
  auto allowed = [&](const LearningResource& r) { return planning::Allowed(r, o); };
  std::set<std::string> wanted;
  std::vector<std::string> stack;
  for (const LearningResource* r : relevant) {
    if (in.completed.count(r->id) || !allowed(*r)) continue;
    for (const Outcome& out : r->outcomes) {
      if (s.slot_of.count(out.competence_id)) {
        stack.push_back(r->id);
        break;
      }
    }
  }
  while (!stack.empty()) {
    std::string id = stack.back();
    stack.pop_back();
    if (!wanted.insert(id).second) continue;
    for (const std::string& p : by_id.at(id)->prerequisite_ids) {
      if (!in.completed.count(p) && by_id.count(p)) stack.push_back(p);
    }
  }
  std::vector<Candidate> candidates;
  std::map<std::string, int> index_of;
  for (const std::string& id : wanted) {  // sorted: deterministic order
    const LearningResource* r = by_id.at(id);
    bool usable = allowed(*r);
    for (const std::string& p : r->prerequisite_ids) {
      if (!in.completed.count(p) && (!by_id.count(p) || !allowed(*by_id.at(p)))) usable = false;
    }
    if (!usable) continue;
    index_of[id] = static_cast<int>(candidates.size());
    Candidate c;
    c.resource = r;
    for (const Outcome& out : r->outcomes) {
      auto it = s.slot_of.find(out.competence_id);
      if (it != s.slot_of.end()) c.outcomes.emplace_back(it->second, out.min_level, out.reaches_level);
    }
    c.primary = o.objective == Objective::kMinCost ? r->cost : r->hours;
    c.secondary = o.objective == Objective::kMinCost ? r->hours : r->cost;
    candidates.push_back(std::move(c));
  }
  // A candidate whose prerequisite was dropped goes too, until none does.
  bool dropped = true;
  while (dropped) {
    dropped = false;
    for (Candidate& c : candidates) {
      if (!c.resource) continue;
      c.prereqs.clear();
      for (const std::string& p : c.resource->prerequisite_ids) {
        if (in.completed.count(p)) continue;
        auto it = index_of.find(p);
        if (it == index_of.end() || !candidates[it->second].resource) {
          c.resource = nullptr;
          dropped = true;
          break;
        }
        c.prereqs.push_back(it->second);
      }
    }
  }
  std::vector<Candidate> live;
  std::map<int, int> remap;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].resource) {
      remap[static_cast<int>(i)] = static_cast<int>(live.size());
      live.push_back(candidates[i]);
    }
  }
  for (Candidate& c : live) {
    for (int& p : c.prereqs) p = remap.at(p);
  }
  return live;
}

// Drops a candidate another one dominates outright: both act on the same
// one competence of the plan, the other from no higher a min_level to no
// lower a level, at no more hours and no more cost, with no prerequisites
// the dominated one lacks; and nothing needs either as a prerequisite.
// Some optimal plan never uses it (put the other in its place, or leave it
// out if the other is there already: levels are monotone), so the search
// need not either. Ties keep the first id. (A candidate acting on two
// competences, or needed first by another, may be in the plan for another
// reason at another time: it cannot stand in, so it dominates nothing.)
std::vector<Candidate> DropDominated(std::vector<Candidate> live) {
  std::vector<bool> needed(live.size(), false);
  for (const Candidate& c : live) {
    for (int p : c.prereqs) needed[p] = true;
  }
  auto dominates = [&](size_t a, size_t b) {
    const Candidate& x = live[a];
    const Candidate& y = live[b];
    if (needed[a] || x.outcomes.size() != 1 || y.outcomes.size() != 1) return false;
    if (std::get<0>(x.outcomes[0]) != std::get<0>(y.outcomes[0])) return false;
    if (x.resource->hours > y.resource->hours + kEps || x.resource->cost > y.resource->cost + kEps) return false;
    for (int p : x.prereqs) {
      if (std::find(y.prereqs.begin(), y.prereqs.end(), p) == y.prereqs.end()) return false;
    }
    for (const auto& [slot, lo, hi] : y.outcomes) {
      bool matched = false;
      for (const auto& [s2, lo2, hi2] : x.outcomes) matched |= s2 == slot && lo2 <= lo && hi2 >= hi;
      if (!matched) return false;
    }
    return true;
  };
  std::vector<bool> drop(live.size(), false);
  for (size_t b = 0; b < live.size(); ++b) {
    if (needed[b]) continue;
    for (size_t a = 0; a < live.size() && !drop[b]; ++a) {
      if (a == b || drop[a]) continue;
      // Strictly better somewhere, or identical and earlier.
      if (dominates(a, b) && (!dominates(b, a) || a < b)) drop[b] = true;
    }
  }
  std::vector<Candidate> kept;
  std::vector<int> new_index(live.size(), -1);
  for (size_t i = 0; i < live.size(); ++i) {
    if (drop[i]) continue;
    new_index[i] = static_cast<int>(kept.size());
    kept.push_back(live[i]);
  }
  for (Candidate& c : kept) {
    for (int& p : c.prereqs) p = new_index[p];
  }
  return kept;
}

// The plan's steps for the chosen sequence (DescribeSteps), with the
// totals; leaves each goal's level after the plan in `level`.
void AddSteps(const PlannerInput& in, const std::vector<Candidate>& live, const std::vector<int>& best,
              std::map<std::string, int>& level, PlanResult& result) {
  std::vector<const LearningResource*> sequence;
  for (int i : best) sequence.push_back(live[i].resource);
  result.steps = DescribeSteps(in.goals, sequence, &level);
  for (const LearningResource* r : sequence) {
    result.total_hours += r->hours;
    result.total_cost += r->cost;
  }
  result.goals = in.goals;
}

// The goals the plan leaves short, each with why.
void AddUncovered(const PlanOptions& o, const std::vector<Slot>& slots, const std::map<std::string, int>& level,
                  bool listed_all, PlanResult& result) {
  for (const Slot& slot : slots) {
    const int reached = level.at(slot.goal->competence_id);
    if (reached >= slot.target) continue;
    std::string reason = slot.cap_reason;
    if (reached < slot.capped) {
      if (!listed_all) {
        reason = "the catalogue has more ways to reach it than the search tries; none of those it tried fits";
      } else if (!result.optimal) {
        reason = "not reached within the search budget";
      } else if (o.max_cost > 0 || o.max_hours > 0) {
        reason = absl::StrCat("over budget (", o.max_cost > 0 ? absl::StrCat("max_cost ", Format(o.max_cost)) : "",
                              o.max_cost > 0 && o.max_hours > 0 ? ", " : "",
                              o.max_hours > 0 ? absl::StrCat("max_hours ", Format(o.max_hours)) : "", ")");
      }
    }
    if (reason.empty()) {
      reason = absl::StrCat("no order of the available resources reaches level ", reached + 1,
                            " (each is taken once; their min_levels do not line up)");
    }
    result.uncovered.push_back({slot.goal->competence_id, slot.target, reached, reason});
  }
}

}  // namespace

PlanResult PlanLearning(const PlannerInput& in) {
  const std::vector<LearningResource> empty;
  const std::vector<LearningResource>& catalogue = in.catalogue ? *in.catalogue : empty;
  std::unordered_map<std::string, const LearningResource*> by_id;
  by_id.reserve(catalogue.size());
  for (const LearningResource& r : catalogue) by_id.emplace(r.id, &r);

  Slots slots = SlotsOf(in);
  const std::vector<const LearningResource*> relevant = RelevantResources(catalogue, slots.slot_of, by_id);
  CapUnreachable(in, relevant, slots);
  std::vector<Candidate> live = DropDominated(CandidatesOf(in, relevant, slots, by_id));
  planning::SearchResult search = planning::FindCheapestSequence(in, slots.slots, live);

  PlanResult result;
  result.optimal = search.optimal;
  result.nodes = search.nodes;
  std::map<std::string, int> level;
  AddSteps(in, live, search.best, level, result);
  AddUncovered(in.options, slots.slots, level, search.listed_all, result);
  return result;
}

std::vector<PlannedStep> DescribeSteps(const std::vector<PlanGoal>& goals,
                                       const std::vector<const LearningResource*>& sequence,
                                       std::map<std::string, int>* levels) {
  std::map<std::string, int> own;
  std::map<std::string, int>& level = levels ? *levels : own;
  std::map<std::string, const PlanGoal*> goal_of;
  for (const PlanGoal& g : goals) {
    level[g.competence_id] = g.start;
    goal_of[g.competence_id] = &g;
  }
  std::vector<PlannedStep> steps;
  for (const LearningResource* rp : sequence) {
    const LearningResource& r = *rp;
    PlannedStep step;
    step.resource_id = r.id;
    std::vector<std::string> why;
    for (const Outcome& out : r.outcomes) {
      auto it = level.find(out.competence_id);
      if (it == level.end()) continue;
      int& l = it->second;
      if (l >= out.min_level && out.reaches_level > l) {
        step.changes.push_back({out.competence_id, l, out.reaches_level});
        const PlanGoal& g = *goal_of[out.competence_id];
        std::string text = absl::StrCat("raises ", g.competence_name.empty() ? g.competence_id : g.competence_name,
                                        " from ", l, " to ", out.reaches_level);
        if (!g.needed_by.empty()) absl::StrAppend(&text, "; needed by role ", absl::StrJoin(g.needed_by, ", "));
        why.push_back(std::move(text));
        l = out.reaches_level;
      }
    }
    if (why.empty()) {
      std::vector<std::string> enabled;
      for (const LearningResource* other : sequence) {
        for (const std::string& p : other->prerequisite_ids) {
          if (p == r.id) enabled.push_back(other->title);
        }
      }
      why.push_back(absl::StrCat("prerequisite of ", absl::StrJoin(enabled, ", ")));
    }
    step.rationale = absl::StrJoin(why, "; ");
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace skillpath::core
