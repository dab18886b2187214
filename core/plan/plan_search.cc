#include "core/plan/plan_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace skillpath::core::planning {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class Search {
 public:
  Search(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates)
      : in_(in), slots_(std::move(slots)), cand_(std::move(candidates)) {
    const size_t n = slots_.size();
    level_.resize(n);
    for (size_t s = 0; s < n; ++s) {
      level_[s] = slots_[s].goal->start;
      Toggle(ZLevel(s, level_[s]));
    }
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
    // its capped goal with its own outcomes only; share_[s][l] the same
    // with each resource's cost split evenly over the slots it acts on. Any
    // plan pays at least the largest dist_ and at least the sum of share_
    // (a resource's shares add up to its cost): two lower bounds.
    dist_.assign(n, {});
    share_.assign(n, {});
    for (size_t s = 0; s < n; ++s) {
      const int goal = slots_[s].capped;
      dist_[s].assign(static_cast<size_t>(std::max(goal, 0)) + 1, 0);
      share_[s].assign(static_cast<size_t>(std::max(goal, 0)) + 1, 0);
      for (int l = goal - 1; l >= 0; --l) {
        double best = kInf, best_share = kInf;
        for (const Candidate& c : cand_) {
          for (const auto& [slot, lo, hi] : c.outcomes) {
            if (slot == static_cast<int>(s) && lo <= l && hi > l) {
              const size_t up = static_cast<size_t>(std::min(hi, goal));
              best = std::min(best, c.primary + dist_[s][up]);
              best_share = std::min(best_share, c.primary / static_cast<double>(c.outcomes.size()) + share_[s][up]);
            }
          }
        }
        dist_[s][l] = best;
        share_[s][l] = best_share;
      }
    }
    full_ = Value(Capped());
    por_ = n <= 64;
    slot_mask_.assign(cand_.size(), 0);
    for (size_t i = 0; i < cand_.size() && por_; ++i) {
      for (const auto& [slot, lo, hi] : cand_[i].outcomes) slot_mask_[i] |= uint64_t{1} << slot;
    }
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
    double largest = 0, shares = 0;
    for (size_t s = 0; s < slots_.size(); ++s) {
      if (level_[s] >= slots_[s].capped) continue;
      largest = std::max(largest, dist_[s][level_[s]]);
      shares += share_[s][level_[s]];
    }
    return std::max(largest, shares);
  }

  // Levels and the set of resources taken: the same set in another order
  // reaching the same levels is the same future (a resource is taken once).
  // Kept as a 128-bit Zobrist hash, updated as steps are applied and undone
  // (a collision is about as likely as a 2^-100 event per pair of states).
  struct Key128 {
    uint64_t a = 0, b = 0;
    bool operator==(const Key128& o) const { return a == o.a && b == o.b; }
  };
  struct KeyHash {
    size_t operator()(const Key128& k) const { return static_cast<size_t>(k.a ^ (k.b * 0x9E3779B97F4A7C15ULL)); }
  };
  static uint64_t Mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  static Key128 ZLevel(size_t slot, int level) {
    const uint64_t x = (static_cast<uint64_t>(slot) << 8) | static_cast<uint64_t>(level & 0xff);
    return {Mix(x * 2 + 1), Mix(x * 2 + 0x5bd1e995ULL)};
  }
  static Key128 ZUsed(size_t i) {
    const uint64_t x = (static_cast<uint64_t>(i) << 8) | 0xffULL;
    return {Mix(x * 3 + 7), Mix(x * 5 + 11)};
  }
  void Toggle(const Key128& z) {
    key_.a ^= z.a;
    key_.b ^= z.b;
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

  bool Independent(size_t a, size_t b) const {
    if (!por_) return false;
    if (slot_mask_[a] & slot_mask_[b]) return false;
    for (int p : cand_[a].prereqs) {
      if (static_cast<size_t>(p) == b) return false;
    }
    for (int p : cand_[b].prereqs) {
      if (static_cast<size_t>(p) == a) return false;
    }
    return true;
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

  void Consider(const Val& v) {
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
    const Val value = Value(level_);
    Consider(value);
    if (Compare(value, full_) == 0) return;  // every goal reached: more steps only cost
    if (Compare(best_value_, full_) == 0 && primary_ + LowerBound() > best_primary_ + kEps) return;
    auto [it, fresh] = seen_.try_emplace(key_, std::make_pair(primary_, secondary_));
    if (!fresh) {
      // Dominated only if reached before at no more of either measure: with
      // a budget on the other measure, a dearer path may still have room.
      const auto [p, s] = it->second;
      if (p <= primary_ + kEps && s <= secondary_ + kEps) return;
      if (primary_ <= p + kEps && secondary_ <= s + kEps) it->second = {primary_, secondary_};
    }

    // One move buffer per depth, reused: no allocation per node.
    if (moves_.size() <= seq_.size()) moves_.resize(seq_.size() + 1);
    std::vector<Move>& moves = moves_[seq_.size()];
    moves.clear();
    // Partial-order reduction: two independent steps (no shared competence,
    // neither a prerequisite of the other) lead to the same state in either
    // order, so only the order with the smaller index first is explored.
    const int last = seq_.empty() ? -1 : seq_.back();
    for (size_t i = 0; i < cand_.size(); ++i) {
      if (used_[i] || !Ready(cand_[i])) continue;
      if (last >= 0 && static_cast<int>(i) < last && Independent(i, static_cast<size_t>(last))) continue;
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
    for (size_t k = 0; k < moves_[seq_.size()].size(); ++k) {
      Apply(moves_[seq_.size()][k].index);  // by index: deeper calls may grow moves_
      Dfs();
      Undo();
      if (aborted_) return;
    }
  }

  void Apply(size_t i) {
    const Candidate& c = cand_[i];
    undo_marks_.push_back(undo_.size());
    for (const auto& [slot, lo, hi] : c.outcomes) {
      undo_.emplace_back(slot, level_[slot]);
      if (level_[slot] >= lo && hi > level_[slot]) {
        Toggle(ZLevel(slot, level_[slot]));
        level_[slot] = hi;
        Toggle(ZLevel(slot, hi));
      }
    }
    used_[i] = true;
    Toggle(ZUsed(i));
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
    Toggle(ZUsed(i));
    const size_t mark = undo_marks_.back();
    undo_marks_.pop_back();
    while (undo_.size() > mark) {
      const auto [slot, was] = undo_.back();
      undo_.pop_back();
      if (level_[slot] != was) {
        Toggle(ZLevel(slot, level_[slot]));
        level_[slot] = was;
        Toggle(ZLevel(slot, was));
      }
    }
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
  std::vector<std::vector<double>> dist_, share_;
  std::vector<uint64_t> slot_mask_;
  bool por_ = false;
  Val full_;

  std::vector<int> level_;
  std::vector<bool> used_;
  std::vector<int> seq_;
  std::vector<std::pair<int, int>> undo_;  // (slot, level before), all steps
  std::vector<size_t> undo_marks_;         // where each step's entries start
  struct Move {
    size_t index;
    int gain;
    double ratio;
  };
  std::vector<std::vector<Move>> moves_;
  double hours_ = 0, cost_ = 0, primary_ = 0, secondary_ = 0;

  Val best_value_;
  double best_primary_ = 0, best_secondary_ = 0;
  std::vector<int> best_seq_;
  std::unordered_map<Key128, std::pair<double, double>, KeyHash> seen_;
  Key128 key_;
  long nodes_ = 0;
  bool aborted_ = false;
};

}  // namespace

bool Allowed(const LearningResource& r, const PlanOptions& o) {
  if (!o.modes.empty() && std::find(o.modes.begin(), o.modes.end(), r.mode) == o.modes.end()) return false;
  if (!o.language.empty() && !r.language.empty() && r.language != o.language) return false;
  return true;
}

// Levels reachable with the resources `usable` allows, applying everything
// applicable until nothing changes (levels only rise).
std::vector<int> Reachable(const std::vector<Slot>& slots, const std::vector<const LearningResource*>& catalogue,
                           const std::set<std::string>& completed, const std::function<bool(const LearningResource&)>& usable,
                           const std::unordered_map<std::string, int>& slot_of) {
  std::vector<int> level;
  for (const Slot& s : slots) level.push_back(s.goal->start);
  std::unordered_set<std::string> done(completed.begin(), completed.end());
  // A resource counts again on a later pass: the level another one raised
  // may now meet its min_level (a relaxation: no resource is used twice in
  // a plan, but one used late sees the higher level).
  bool changed = true;
  while (changed) {
    changed = false;
    for (const LearningResource* rp : catalogue) {
      const LearningResource& r = *rp;
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

SearchResult FindCheapestSequence(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates) {
  Search search(in, std::move(slots), std::move(candidates));
  search.Run();
  SearchResult r;
  r.best = search.best();
  r.optimal = !search.aborted();
  r.nodes = search.nodes();
  return r;
}

}  // namespace skillpath::core::planning
