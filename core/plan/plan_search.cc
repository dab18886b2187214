#include "core/plan/plan_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <utility>

namespace skillpath::core::planning {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A set of candidates, one bit each.
class Bits {
 public:
  explicit Bits(size_t n = 0) : w_((n + 63) / 64, 0) {}
  void Set(int i) { w_[static_cast<size_t>(i) >> 6] |= uint64_t{1} << (i & 63); }
  bool Has(int i) const { return (w_[static_cast<size_t>(i) >> 6] >> (i & 63)) & 1; }
  void Or(const Bits& o) {
    for (size_t k = 0; k < w_.size(); ++k) w_[k] |= o.w_[k];
  }
  bool Meets(const Bits& o) const {
    for (size_t k = 0; k < w_.size(); ++k) {
      if (w_[k] & o.w_[k]) return true;
    }
    return false;
  }
  // Calls f(i) for each i in this set and (in `other` if `in_other`, else not in it).
  template <class F>
  void ForEach(const Bits& other, bool in_other, F f) const {
    for (size_t k = 0; k < w_.size(); ++k) {
      uint64_t x = w_[k] & (in_other ? other.w_[k] : ~other.w_[k]);
      while (x) {
        f(static_cast<int>(k * 64 + static_cast<size_t>(__builtin_ctzll(x))));
        x &= x - 1;
      }
    }
  }
  template <class F>
  void ForEach(F f) const {
    for (size_t k = 0; k < w_.size(); ++k) {
      for (uint64_t x = w_[k]; x; x &= x - 1) f(static_cast<int>(k * 64 + static_cast<size_t>(__builtin_ctzll(x))));
    }
  }

 private:
  std::vector<uint64_t> w_;
};

// A plan's value: the weighted REQUIRED gap it closes, then the DESIRED.
struct Val {
  double required = 0, desired = 0;
  Val& operator+=(const Val& o) {
    required += o.required;
    desired += o.desired;
    return *this;
  }
  Val& operator-=(const Val& o) {
    required -= o.required;
    desired -= o.desired;
    return *this;
  }
};
int Compare(const Val& a, const Val& b) {
  if (a.required > b.required + kEps) return 1;
  if (a.required < b.required - kEps) return -1;
  if (a.desired > b.desired + kEps) return 1;
  if (a.desired < b.desired - kEps) return -1;
  return 0;
}

// One way to take a slot up: a chain of candidates, each raising the
// slot's level from where the one before left it, to `level`.
struct Option {
  std::vector<int> chain;  // candidate indices, in order
  int level = 0;           // what the chain reaches (at most the slot's capped target)
  Val value;               // the slot's part of the plan's value at that level
  Bits closure;            // the chain and every prerequisite it needs
  double share = 0, share2 = 0;  // its closure's shares of the primary and secondary measure
};

// The search over one chain per slot (see FindCheapestSequence).
class ChainSearch {
 public:
  ChainSearch(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates)
      : in_(in), slots_(std::move(slots)), cand_(std::move(candidates)), used_(cand_.size()) {
    const size_t n = cand_.size();
    // Each candidate's closure: itself and its prerequisites, transitively.
    closure_.assign(n, Bits(n));
    for (size_t i = 0; i < n; ++i) {
      std::vector<int> stack = {static_cast<int>(i)};
      while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        if (closure_[i].Has(c)) continue;
        closure_[i].Set(c);
        for (int p : cand_[c].prereqs) stack.push_back(p);
      }
    }
    options_.resize(slots_.size());
    for (size_t s = 0; s < slots_.size(); ++s) Enumerate(s);
    Shares();
    // Slots with the fewest ways first: their choice constrains the rest.
    for (size_t s = 0; s < slots_.size(); ++s) order_.push_back(s);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return options_[a].size() < options_[b].size(); });
    suffix_max_.assign(order_.size() + 1, Val{});
    for (size_t d = order_.size(); d-- > 0;) {
      suffix_max_[d] = suffix_max_[d + 1];
      suffix_max_[d] += max_value_[order_[d]];
    }
    chosen_.assign(slots_.size(), 0);
  }

  void Run() { Dfs(0); }

  // The best plan's steps in an order that keeps every chain's order and
  // every prerequisite before what needs it.
  std::vector<int> Sequence() const {
    if (best_choice_.empty()) return {};
    const size_t n = cand_.size();
    Bits in(n);
    std::vector<std::vector<int>> after(n);
    std::vector<int> before(n, 0);
    for (size_t s = 0; s < slots_.size(); ++s) {
      const Option& o = options_[s][best_choice_[s]];
      in.Or(o.closure);
      for (size_t k = 1; k < o.chain.size(); ++k) after[o.chain[k - 1]].push_back(o.chain[k]);
    }
    in.ForEach([&](int i) {
      for (int p : cand_[i].prereqs) after[p].push_back(i);
    });
    in.ForEach([&](int i) {
      for (int j : after[i]) ++before[j];
    });
    std::vector<int> ready, seq;
    in.ForEach([&](int i) {
      if (before[i] == 0) ready.push_back(i);
    });
    while (!ready.empty()) {
      auto it = std::min_element(ready.begin(), ready.end());
      const int i = *it;
      ready.erase(it);
      seq.push_back(i);
      for (int j : after[i]) {
        if (--before[j] == 0) ready.push_back(j);
      }
    }
    return DropIdle(std::move(seq));
  }

  bool exact() const { return !aborted_ && complete_; }
  long nodes() const { return nodes_; }

 private:
  // The slot's part of the plan's value at `level`.
  Val ValueAt(size_t s, int level) const {
    const PlanGoal& g = *slots_[s].goal;
    Val v;
    if (g.required > 0) {
      v.required = g.required_weight * (std::min(level, g.required) - std::min(g.start, g.required)) / g.top;
    }
    if (in_.options.include_desired && g.desired > g.required) {
      v.desired = g.desired_weight * (std::min(level, g.desired) - std::min(g.start, g.desired)) / g.top;
    }
    return v;
  }

  // Every chain that takes slot `s` up and none of whose steps could be
  // left out (a step more only costs: levels are monotone, so a plan's
  // raising steps on a slot always contain such a chain), plus staying.
  void Enumerate(size_t s) {
    const int start = slots_[s].goal->start, capped = slots_[s].capped;
    std::vector<std::tuple<int, int, int>> acts;  // (candidate, min_level, reaches_level)
    for (size_t i = 0; i < cand_.size(); ++i) {
      for (const auto& [slot, lo, hi] : cand_[i].outcomes) {
        if (slot == static_cast<int>(s)) acts.emplace_back(static_cast<int>(i), lo, hi);
      }
    }
    std::vector<Option>& out = options_[s];
    Option stay;
    stay.level = start;
    stay.closure = Bits(cand_.size());
    out.push_back(stay);
    std::vector<size_t> chain;  // indices into acts
    auto reach = [&](size_t skip) {
      int l = start;
      for (size_t k = 0; k < chain.size(); ++k) {
        if (k == skip) continue;
        const auto& [c, lo, hi] = acts[chain[k]];
        if (l >= lo && hi > l) l = hi;
      }
      return std::min(l, capped);
    };
    std::function<void(int)> extend = [&](int level) {
      for (size_t a = 0; a < acts.size() && complete_; ++a) {
        const auto& [c, lo, hi] = acts[a];
        if (lo > level || hi <= level) continue;
        if (std::find(chain.begin(), chain.end(), a) != chain.end()) continue;
        chain.push_back(a);
        const int reached = std::min(hi, capped);
        bool minimal = true;
        for (size_t k = 0; k + 1 < chain.size() && minimal; ++k) minimal = reach(k) < reached;
        if (minimal) {
          Record(s, chain, acts, reached);
          if (reached < capped) extend(reached);
        }
        chain.pop_back();
      }
    };
    extend(start);
    max_value_.push_back(Val{});
    for (const Option& o : out) {
      if (Compare(o.value, max_value_[s]) > 0) max_value_[s] = o.value;
    }
  }

  void Record(size_t s, const std::vector<size_t>& chain, const std::vector<std::tuple<int, int, int>>& acts,
              int reached) {
    if (options_[s].size() >= kMaxOptionsPerSlot) {
      complete_ = false;  // more ways than the search takes: not proven
      return;
    }
    Option o;
    o.level = reached;
    o.value = ValueAt(s, reached);
    o.closure = Bits(cand_.size());
    for (size_t a : chain) {
      const int c = std::get<0>(acts[a]);
      o.chain.push_back(c);
      o.closure.Or(closure_[c]);
    }
    if (!Acyclic(o.closure, {&o.chain})) return;  // a step needs one that comes after it
    options_[s].push_back(std::move(o));
  }

  // Each candidate's measures split over the slots that may use it: a
  // plan pays each candidate once, so the shares of what it uses, summed
  // over its slots, are a lower bound on what it pays.
  void Shares() {
    const size_t n = cand_.size();
    std::vector<int> slots_using(n, 0);
    for (const auto& options : options_) {
      Bits any(n);
      for (const Option& o : options) any.Or(o.closure);
      any.ForEach([&](int i) { ++slots_using[i]; });
    }
    w_.assign(n, 0);
    w2_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      if (slots_using[i] == 0) continue;
      w_[i] = cand_[i].primary / slots_using[i];
      w2_[i] = cand_[i].secondary / slots_using[i];
    }
    for (auto& options : options_) {
      for (Option& o : options) {
        o.closure.ForEach([&](int i) {
          o.share += w_[i];
          o.share2 += w2_[i];
        });
      }
    }
  }

  // Whether the candidates in `nodes`, with each chain's order and every
  // prerequisite first, can be put in one order.
  bool Acyclic(const Bits& nodes, const std::vector<const std::vector<int>*>& chains) const {
    std::vector<int> ids;
    nodes.ForEach([&](int i) { ids.push_back(i); });
    auto at = [&](int c) { return static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), c) - ids.begin()); };
    std::vector<std::vector<size_t>> after(ids.size());
    std::vector<int> before(ids.size(), 0);
    auto edge = [&](int a, int b) {
      after[at(a)].push_back(at(b));
      ++before[at(b)];
    };
    for (int i : ids) {
      for (int p : cand_[i].prereqs) edge(p, i);
    }
    for (const std::vector<int>* chain : chains) {
      for (size_t k = 1; k < chain->size(); ++k) edge((*chain)[k - 1], (*chain)[k]);
    }
    std::vector<size_t> ready;
    for (size_t k = 0; k < ids.size(); ++k) {
      if (before[k] == 0) ready.push_back(k);
    }
    size_t placed = 0;
    while (!ready.empty()) {
      const size_t k = ready.back();
      ready.pop_back();
      ++placed;
      for (size_t j : after[k]) {
        if (--before[j] == 0) ready.push_back(j);
      }
    }
    return placed == ids.size();
  }

  struct Move {
    size_t option;
    double hours, cost, primary, secondary;
  };

  void Dfs(size_t d) {
    if (aborted_) return;
    // The first descent always ends in a plan; the budget counts from there.
    if (found_ && ++nodes_ > in_.node_budget) {
      aborted_ = true;
      return;
    }
    if (d == order_.size()) {
      Consider();
      return;
    }
    const size_t s = order_[d];
    const std::vector<Option>& options = options_[s];
    if (found_ && Prune(d)) return;
    if (moves_.size() <= d) moves_.resize(d + 1);
    std::vector<Move>& moves = moves_[d];
    moves.clear();
    for (size_t k = 0; k < options.size(); ++k) {
      const Option& o = options[k];
      Move m{k, 0, 0, 0, 0};
      o.closure.ForEach(used_, false, [&](int i) {
        m.hours += cand_[i].resource->hours;
        m.cost += cand_[i].resource->cost;
        m.primary += cand_[i].primary;
        m.secondary += cand_[i].secondary;
      });
      if (!WithinBudget(hours_ + m.hours, cost_ + m.cost)) continue;
      moves.push_back(m);
    }
    // The most value first, then the cheapest: the first descent is a good greedy plan.
    std::stable_sort(moves.begin(), moves.end(), [&](const Move& a, const Move& b) {
      const int c = Compare(options[a.option].value, options[b.option].value);
      if (c != 0) return c > 0;
      if (std::abs(a.primary - b.primary) > kEps) return a.primary < b.primary;
      return a.secondary < b.secondary - kEps;
    });
    for (size_t k = 0; k < moves_[d].size(); ++k) {
      const Move m = moves_[d][k];
      const Option& o = options[m.option];
      if (!o.chain.empty() && o.closure.Meets(used_) && !FitsWithChosen(d, o)) continue;
      const Bits saved = used_;
      used_.Or(o.closure);
      chosen_[s] = m.option;
      hours_ += m.hours, cost_ += m.cost, primary_ += m.primary, secondary_ += m.secondary;
      value_ += o.value;
      Dfs(d + 1);
      value_ -= o.value;
      hours_ -= m.hours, cost_ -= m.cost, primary_ -= m.primary, secondary_ -= m.secondary;
      used_ = saved;
      if (aborted_) return;
    }
  }

  // Whether option `o` for slot order_[d] keeps one order possible with
  // the chains chosen before it. (A closure apart from everything chosen
  // always does: its own order was checked when it was recorded.)
  bool FitsWithChosen(size_t d, const Option& o) const {
    Bits nodes = used_;
    nodes.Or(o.closure);
    std::vector<const std::vector<int>*> chains = {&o.chain};
    for (size_t e = 0; e < d; ++e) chains.push_back(&options_[order_[e]][chosen_[order_[e]]].chain);
    return Acyclic(nodes, chains);
  }

  // No plan below this node beats the best: its value cannot, or (at the
  // best's value) its measures cannot.
  bool Prune(size_t d) const {
    const Val most = [&] {
      Val v = value_;
      v += suffix_max_[d];
      return v;
    }();
    const int c = Compare(most, best_value_);
    if (c < 0) return true;
    if (c > 0) return false;
    // Tying the value takes the most valuable option for every slot left.
    double shares = 0, shares2 = 0, largest = 0;
    for (size_t e = d; e < order_.size(); ++e) {
      const size_t s = order_[e];
      double least = kInf, least2 = kInf, least_full = kInf;
      for (const Option& o : options_[s]) {
        if (Compare(o.value, max_value_[s]) != 0) continue;
        double share = o.share, share2 = o.share2, full = 0;
        o.closure.ForEach(used_, true, [&](int i) {
          share -= w_[i];
          share2 -= w2_[i];
        });
        o.closure.ForEach(used_, false, [&](int i) { full += cand_[i].primary; });
        least = std::min(least, share);
        least2 = std::min(least2, share2);
        least_full = std::min(least_full, full);
      }
      shares += least;
      shares2 += least2;
      largest = std::max(largest, least_full);
    }
    const double bound = primary_ + std::max(shares, largest);
    if (bound > best_primary_ + kEps) return true;
    return bound >= best_primary_ - kEps && secondary_ + shares2 >= best_secondary_ - kEps;
  }

  bool WithinBudget(double hours, double cost) const {
    if (in_.options.max_hours > 0 && hours > in_.options.max_hours + kEps) return false;
    if (in_.options.max_cost > 0 && cost > in_.options.max_cost + kEps) return false;
    return true;
  }

  void Consider() {
    const int c = Compare(value_, best_value_);
    if (!found_ || c > 0 ||
        (c == 0 && (primary_ < best_primary_ - kEps ||
                    (std::abs(primary_ - best_primary_) <= kEps && secondary_ < best_secondary_ - kEps)))) {
      found_ = true;
      best_value_ = value_;
      best_primary_ = primary_;
      best_secondary_ = secondary_;
      best_choice_ = chosen_;
    }
  }

  // Leaves out steps that raise nothing in `seq` and that nothing after
  // needs (a chain another step overtook; only free steps can be left).
  std::vector<int> DropIdle(std::vector<int> seq) const {
    std::vector<int> level;
    for (const Slot& s : slots_) level.push_back(s.goal->start);
    std::vector<int> kept;
    std::vector<bool> raises;
    for (int i : seq) {
      bool raised = false;
      for (const auto& [slot, lo, hi] : cand_[i].outcomes) {
        if (level[slot] >= lo && hi > level[slot]) {
          level[slot] = hi;
          raised = true;
        }
      }
      kept.push_back(i);
      raises.push_back(raised);
    }
    std::vector<int> out;
    for (size_t k = 0; k < kept.size(); ++k) {
      bool needed = raises[k];
      for (size_t j = k + 1; j < kept.size() && !needed; ++j) {
        const auto& pre = cand_[kept[j]].prereqs;
        needed = std::find(pre.begin(), pre.end(), kept[k]) != pre.end();
      }
      if (needed) out.push_back(kept[k]);
    }
    return out;
  }

  static constexpr size_t kMaxOptionsPerSlot = 4096;

  const PlannerInput& in_;
  std::vector<Slot> slots_;
  std::vector<Candidate> cand_;
  std::vector<Bits> closure_;
  std::vector<std::vector<Option>> options_;  // by slot; [0] is staying
  std::vector<Val> max_value_;                // by slot
  std::vector<double> w_, w2_;                // by candidate: its share of each measure
  std::vector<size_t> order_;                 // slots in the order the search decides them
  std::vector<Val> suffix_max_;               // by depth: the most value the slots from there add
  bool complete_ = true;                      // every option was enumerated

  Bits used_;
  std::vector<size_t> chosen_;  // by slot: the option taken
  std::vector<std::vector<Move>> moves_;
  double hours_ = 0, cost_ = 0, primary_ = 0, secondary_ = 0;
  Val value_;

  bool found_ = false;
  Val best_value_;
  double best_primary_ = 0, best_secondary_ = 0;
  std::vector<size_t> best_choice_;
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
  ChainSearch search(in, std::move(slots), std::move(candidates));
  search.Run();
  SearchResult r;
  r.best = search.Sequence();
  r.optimal = search.exact();
  r.nodes = search.nodes();
  return r;
}

}  // namespace skillpath::core::planning
