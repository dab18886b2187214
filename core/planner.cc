#include "core/planner.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace skillpath::core {
namespace {

constexpr double kEps = 1e-9;
constexpr double kInf = std::numeric_limits<double>::infinity();

bool Allowed(const LearningResource& r, const PlanOptions& o) {
  if (!o.modes.empty() && std::find(o.modes.begin(), o.modes.end(), r.mode) == o.modes.end()) return false;
  if (!o.language.empty() && !r.language.empty() && r.language != o.language) return false;
  return true;
}

// A competence the plan works on, by slot.
struct Slot {
  const PlanGoal* goal;
  int target;  // max(required, desired if asked)
  int capped;  // the target, or what the catalogue can reach if less
  std::string cap_reason;
};

struct Candidate {
  const LearningResource* resource;
  std::vector<std::tuple<int, int, int>> outcomes;  // (slot, min_level, reaches_level)
  std::vector<int> prereqs;                         // candidate indices not completed before
  double primary = 0, secondary = 0;
};

// Levels reachable with the resources `usable` allows, applying everything
// applicable until nothing changes (levels only rise).
std::vector<int> Reachable(const std::vector<Slot>& slots, const std::vector<LearningResource>& catalogue,
                           const std::set<std::string>& completed, const std::function<bool(const LearningResource&)>& usable,
                           const std::map<std::string, int>& slot_of) {
  std::vector<int> level;
  for (const Slot& s : slots) level.push_back(s.goal->start);
  std::set<std::string> done = completed;
  // A resource counts again on a later pass: the level another one raised
  // may now meet its min_level (a relaxation: no resource is used twice in
  // a plan, but one used late sees the higher level).
  bool changed = true;
  while (changed) {
    changed = false;
    for (const LearningResource& r : catalogue) {
      if ((completed.count(r.id) && !done.count(r.id)) || !usable(r)) continue;
      bool ready = true;
      for (const std::string& p : r.prerequisite_ids) ready &= done.count(p) > 0;
      if (!ready) continue;
      changed |= done.insert(r.id).second;
      for (const Outcome& o : r.outcomes) {
        auto it = slot_of.find(o.competence_id);
        if (it == slot_of.end()) continue;
        int& l = level[it->second];
        if (l >= o.min_level && o.reaches_level > l) {
          l = o.reaches_level;
          changed = true;
        }
      }
    }
  }
  return level;
}

class Search {
 public:
  Search(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates)
      : in_(in), slots_(std::move(slots)), cand_(std::move(candidates)) {
    const size_t n = slots_.size();
    level_.resize(n);
    for (size_t s = 0; s < n; ++s) level_[s] = slots_[s].goal->start;
    used_.assign(cand_.size(), false);
    // Which candidates are some other candidate's prerequisite, and the
    // candidates that need each one (transitively).
    is_prereq_.assign(cand_.size(), false);
    needed_by_.assign(cand_.size(), {});
    for (size_t i = 0; i < cand_.size(); ++i) {
      std::vector<int> stack(cand_[i].prereqs.begin(), cand_[i].prereqs.end());
      std::set<int> seen;
      while (!stack.empty()) {
        int p = stack.back();
        stack.pop_back();
        if (!seen.insert(p).second) continue;
        is_prereq_[p] = true;
        needed_by_[p].push_back(static_cast<int>(i));
        for (int q : cand_[p].prereqs) stack.push_back(q);
      }
    }
    // dist_[s][l]: the least primary cost of taking slot s from level l to
    // its capped goal with its own outcomes only (a lower bound).
    dist_.assign(n, {});
    for (size_t s = 0; s < n; ++s) {
      const int goal = slots_[s].capped;
      dist_[s].assign(static_cast<size_t>(std::max(goal, 0)) + 1, 0);
      for (int l = goal - 1; l >= 0; --l) {
        double best = kInf;
        for (const Candidate& c : cand_) {
          for (const auto& [slot, lo, hi] : c.outcomes) {
            if (slot == static_cast<int>(s) && lo <= l && hi > l) {
              best = std::min(best, c.primary + dist_[s][std::min(hi, goal)]);
            }
          }
        }
        dist_[s][l] = best;
      }
    }
    full_ = Value(Capped());
  }

  void Run() {
    best_value_ = Value(level_);
    best_primary_ = 0;
    best_secondary_ = 0;
    Dfs();
  }

  const std::vector<int>& best() const { return best_seq_; }
  bool aborted() const { return aborted_; }
  long nodes() const { return nodes_; }

 private:
  struct Val {
    double required = 0, desired = 0;
  };

  std::vector<int> Capped() const {
    std::vector<int> l;
    for (const Slot& s : slots_) l.push_back(std::max(s.capped, s.goal->start));
    return l;
  }

  Val Value(const std::vector<int>& levels) const {
    Val v;
    for (size_t s = 0; s < slots_.size(); ++s) {
      const PlanGoal& g = *slots_[s].goal;
      const int l = levels[s];
      if (g.required > 0) {
        v.required += g.required_weight * (std::min(l, g.required) - std::min(g.start, g.required)) / g.top;
      }
      if (in_.options.include_desired && g.desired > g.required) {
        v.desired += g.desired_weight * (std::min(l, g.desired) - std::min(g.start, g.desired)) / g.top;
      }
    }
    return v;
  }

  static int Compare(const Val& a, const Val& b) {
    if (a.required > b.required + kEps) return 1;
    if (a.required < b.required - kEps) return -1;
    if (a.desired > b.desired + kEps) return 1;
    if (a.desired < b.desired - kEps) return -1;
    return 0;
  }

  bool WithinBudget(double hours, double cost) const {
    if (in_.options.max_hours > 0 && hours > in_.options.max_hours + kEps) return false;
    if (in_.options.max_cost > 0 && cost > in_.options.max_cost + kEps) return false;
    return true;
  }

  double LowerBound() const {
    double lb = 0;
    for (size_t s = 0; s < slots_.size(); ++s) {
      if (level_[s] < slots_[s].capped) lb = std::max(lb, dist_[s][level_[s]]);
    }
    return lb;
  }

  // Levels and the set of resources taken: the same set in another order
  // reaching the same levels is the same future (a resource is taken once).
  std::string Key() const {
    std::string k(level_.begin(), level_.end());
    char bits = 0;
    for (size_t i = 0; i < cand_.size(); ++i) {
      if (used_[i]) bits |= static_cast<char>(1 << (i % 8));
      if (i % 8 == 7 || i + 1 == cand_.size()) {
        k.push_back(bits);
        bits = 0;
      }
    }
    return k;
  }

  bool Ready(const Candidate& c) const {
    for (int p : c.prereqs) {
      if (!used_[p]) return false;
    }
    return true;
  }

  // How much taking candidate i now raises the levels toward the goals.
  int Gain(size_t i) const {
    int gain = 0;
    for (const auto& [slot, lo, hi] : cand_[i].outcomes) {
      const int l = level_[slot], goal = slots_[slot].capped;
      if (l >= lo && l < goal) gain += std::min(hi, goal) - l;
    }
    return gain;
  }

  // A prerequisite of something still able to help.
  bool Enables(size_t i) const {
    for (int j : needed_by_[i]) {
      if (used_[j]) continue;
      for (const auto& [slot, lo, hi] : cand_[j].outcomes) {
        if (level_[slot] < slots_[slot].capped && hi > level_[slot]) return true;
      }
    }
    return false;
  }

  void Consider() {
    const Val v = Value(level_);
    const int c = Compare(v, best_value_);
    if (c > 0 || (c == 0 && (primary_ < best_primary_ - kEps ||
                             (std::abs(primary_ - best_primary_) <= kEps && secondary_ < best_secondary_ - kEps)))) {
      best_value_ = v;
      best_primary_ = primary_;
      best_secondary_ = secondary_;
      best_seq_ = seq_;
    }
  }

  void Dfs() {
    if (aborted_) return;
    if (++nodes_ > in_.node_budget) {
      aborted_ = true;
      return;
    }
    Consider();
    if (Compare(Value(level_), full_) == 0) return;  // every goal reached: more steps only cost
    if (Compare(best_value_, full_) == 0 && primary_ + LowerBound() > best_primary_ + kEps) return;
    const std::string key = Key();
    auto [it, fresh] = seen_.try_emplace(key, std::make_pair(primary_, secondary_));
    if (!fresh) {
      // Dominated only if reached before at no more of either measure: with
      // a budget on the other measure, a dearer path may still have room.
      const auto [p, s] = it->second;
      if (p <= primary_ + kEps && s <= secondary_ + kEps) return;
      if (primary_ <= p + kEps && secondary_ <= s + kEps) it->second = {primary_, secondary_};
    }

    struct Move {
      size_t index;
      int gain;
      double ratio;
    };
    std::vector<Move> moves;
    for (size_t i = 0; i < cand_.size(); ++i) {
      if (used_[i] || !Ready(cand_[i])) continue;
      const LearningResource& r = *cand_[i].resource;
      if (!WithinBudget(hours_ + r.hours, cost_ + r.cost)) continue;
      const int gain = Gain(i);
      if (gain > 0) {
        moves.push_back({i, gain, cand_[i].primary / gain});
      } else if (Enables(i)) {
        moves.push_back({i, 0, kInf});
      }
    }
    // Cheapest progress first, so the first descent is a good greedy plan.
    std::stable_sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) { return a.ratio < b.ratio; });
    for (const Move& m : moves) {
      Apply(m.index);
      Dfs();
      Undo();
      if (aborted_) return;
    }
  }

  void Apply(size_t i) {
    const Candidate& c = cand_[i];
    std::vector<std::pair<int, int>> old;
    for (const auto& [slot, lo, hi] : c.outcomes) {
      old.emplace_back(slot, level_[slot]);
      if (level_[slot] >= lo) level_[slot] = std::max(level_[slot], hi);
    }
    undo_.push_back(std::move(old));
    used_[i] = true;
    seq_.push_back(static_cast<int>(i));
    hours_ += c.resource->hours;
    cost_ += c.resource->cost;
    primary_ += c.primary;
    secondary_ += c.secondary;
  }

  void Undo() {
    const int i = seq_.back();
    const Candidate& c = cand_[i];
    seq_.pop_back();
    used_[i] = false;
    auto old = std::move(undo_.back());
    undo_.pop_back();
    for (auto it = old.rbegin(); it != old.rend(); ++it) level_[it->first] = it->second;
    hours_ -= c.resource->hours;
    cost_ -= c.resource->cost;
    primary_ -= c.primary;
    secondary_ -= c.secondary;
  }

  const PlannerInput& in_;
  std::vector<Slot> slots_;
  std::vector<Candidate> cand_;
  std::vector<bool> is_prereq_;
  std::vector<std::vector<int>> needed_by_;
  std::vector<std::vector<double>> dist_;
  Val full_;

  std::vector<int> level_;
  std::vector<bool> used_;
  std::vector<int> seq_;
  std::vector<std::vector<std::pair<int, int>>> undo_;
  double hours_ = 0, cost_ = 0, primary_ = 0, secondary_ = 0;

  Val best_value_;
  double best_primary_ = 0, best_secondary_ = 0;
  std::vector<int> best_seq_;
  std::unordered_map<std::string, std::pair<double, double>> seen_;
  long nodes_ = 0;
  bool aborted_ = false;
};

std::string Format(double v) {
  std::string s = absl::StrCat(std::round(v * 100) / 100);
  return s;
}

}  // namespace

PlanResult PlanLearning(const PlannerInput& in) {
  PlanResult result;
  const std::vector<LearningResource> empty;
  const std::vector<LearningResource>& catalogue = in.catalogue ? *in.catalogue : empty;
  const PlanOptions& o = in.options;

  // The competences with something to close.
  std::vector<Slot> slots;
  std::map<std::string, int> slot_of;
  for (const PlanGoal& g : in.goals) {
    const int target = o.include_desired ? std::max(g.required, g.desired) : g.required;
    if (target <= g.start) continue;
    slot_of[g.competence_id] = static_cast<int>(slots.size());
    slots.push_back({&g, target, target, ""});
  }

  // What the allowed catalogue can reach at all, and why not more.
  auto allowed = [&](const LearningResource& r) { return Allowed(r, o); };
  const std::vector<int> reach = Reachable(slots, catalogue, in.completed, allowed, slot_of);
  const std::vector<int> reach_any =
      Reachable(slots, catalogue, in.completed, [](const LearningResource&) { return true; }, slot_of);
  for (size_t s = 0; s < slots.size(); ++s) {
    if (reach[s] >= slots[s].target) continue;
    slots[s].capped = std::max(reach[s], slots[s].goal->start);
    slots[s].cap_reason =
        reach_any[s] > reach[s]
            ? absl::StrCat("reaching level ", std::min(reach_any[s], slots[s].target),
                           " needs a mode or language the options do not allow")
            : absl::StrCat("no resource in the catalogue reaches level ", reach[s] + 1);
  }

  // Candidates: allowed resources not done before that act on a slot, and
  // the allowed prerequisites they need.
  std::map<std::string, const LearningResource*> by_id;
  for (const LearningResource& r : catalogue) by_id[r.id] = &r;
  std::set<std::string> wanted;
  std::vector<std::string> stack;
  for (const LearningResource& r : catalogue) {
    if (in.completed.count(r.id) || !allowed(r)) continue;
    for (const Outcome& out : r.outcomes) {
      if (slot_of.count(out.competence_id)) {
        stack.push_back(r.id);
        break;
      }
    }
  }
  while (!stack.empty()) {
    std::string id = stack.back();
    stack.pop_back();
    if (!wanted.insert(id).second) continue;
    for (const std::string& p : by_id[id]->prerequisite_ids) {
      if (!in.completed.count(p) && by_id.count(p)) stack.push_back(p);
    }
  }
  std::vector<Candidate> candidates;
  std::map<std::string, int> index_of;
  for (const std::string& id : wanted) {  // sorted: deterministic order
    const LearningResource* r = by_id[id];
    bool usable = allowed(*r);
    for (const std::string& p : r->prerequisite_ids) {
      if (!in.completed.count(p) && (!by_id.count(p) || !allowed(*by_id[p]))) usable = false;
    }
    if (!usable) continue;
    index_of[id] = static_cast<int>(candidates.size());
    Candidate c;
    c.resource = r;
    for (const Outcome& out : r->outcomes) {
      auto it = slot_of.find(out.competence_id);
      if (it != slot_of.end()) c.outcomes.emplace_back(it->second, out.min_level, out.reaches_level);
    }
    c.primary = o.objective == Objective::kMinCost ? r->cost : r->hours;
    c.secondary = o.objective == Objective::kMinCost ? r->hours : r->cost;
    candidates.push_back(std::move(c));
  }
  // Prerequisites by index; a candidate whose prerequisite was dropped goes too.
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
  for (Candidate& c : candidates) {
    if (!c.resource) {  // keep indices; make it unusable
      c.outcomes.clear();
      c.prereqs.clear();
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

  Search search(in, slots, live);
  search.Run();
  result.optimal = !search.aborted();
  result.nodes = search.nodes();

  // The plan: simulate the chosen sequence to record each step's changes on
  // every competence the person has a target for (gap or not).
  std::map<std::string, int> goal_level;
  std::map<std::string, const PlanGoal*> goal_of;
  for (const PlanGoal& g : in.goals) {
    goal_level[g.competence_id] = g.start;
    goal_of[g.competence_id] = &g;
  }
  for (int i : search.best()) {
    const LearningResource& r = *live[i].resource;
    PlannedStep step;
    step.resource_id = r.id;
    std::vector<std::string> why;
    for (const Outcome& out : r.outcomes) {
      auto it = goal_level.find(out.competence_id);
      if (it == goal_level.end()) continue;
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
      for (int j : search.best()) {
        for (const std::string& p : live[j].resource->prerequisite_ids) {
          if (p == r.id) enabled.push_back(live[j].resource->title);
        }
      }
      why.push_back(absl::StrCat("prerequisite of ", absl::StrJoin(enabled, ", ")));
    }
    step.rationale = absl::StrJoin(why, "; ");
    result.total_hours += r.hours;
    result.total_cost += r.cost;
    result.steps.push_back(std::move(step));
  }
  std::vector<int> level;
  for (const Slot& s : slots) level.push_back(goal_level[s.goal->competence_id]);
  for (size_t s = 0; s < slots.size(); ++s) {
    if (level[s] >= slots[s].target) continue;
    std::string reason = slots[s].cap_reason;
    if (level[s] < slots[s].capped) {
      if (!result.optimal) {
        reason = "not reached within the search budget";
      } else if (o.max_cost > 0 || o.max_hours > 0) {
        reason = absl::StrCat("over budget (",
                              o.max_cost > 0 ? absl::StrCat("max_cost ", Format(o.max_cost)) : "",
                              o.max_cost > 0 && o.max_hours > 0 ? ", " : "",
                              o.max_hours > 0 ? absl::StrCat("max_hours ", Format(o.max_hours)) : "", ")");
      }
    }
    if (reason.empty()) {
      reason = absl::StrCat("no order of the available resources reaches level ", level[s] + 1,
                            " (each is taken once; their min_levels do not line up)");
    }
    result.uncovered.push_back({slots[s].goal->competence_id, slots[s].target, level[s], reason});
  }
  return result;
}

// ---------------------------------------------------------------------------

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
    default: return "STEP_STATUS_UNSPECIFIED";
  }
}

LearningPlan MakePlan(const std::string& person_id, const PlanResult& result,
                      const std::vector<ScheduledStep>& schedule, const std::vector<LearningResource>& catalogue,
                      const PlanOptions& options) {
  std::map<std::string, const LearningResource*> by_id;
  for (const LearningResource& r : catalogue) by_id[r.id] = &r;
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
    auto it = by_id.find(step.resource_id);
    step.title = it == by_id.end() ? step.resource_id : it->second->title;
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
  std::map<std::string, const LearningResource*> by_id;
  for (const LearningResource& r : catalogue) by_id[r.id] = &r;
  const double weekly = o.weekly_hours > 0 ? o.weekly_hours : 2;
  constexpr double kWeek = 7.0 * 86400 * 1000000;
  std::vector<ScheduledStep> out;
  Time cursor = o.start;
  SessionBookings taken = bookings;
  for (const PlannedStep& step : steps) {
    ScheduledStep s;
    auto it = by_id.find(step.resource_id);
    const LearningResource* r = it == by_id.end() ? nullptr : it->second;
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
