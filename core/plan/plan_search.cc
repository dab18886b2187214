#include "core/plan/plan_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <functional>
#include <set>
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

// What a set of candidates costs: hours, cost, the objective's measure and
// the other, and their shares (ChainSearch::Shares).
struct Measures {
  double hours = 0, cost = 0, primary = 0, secondary = 0, share = 0, share2 = 0;
};

// One way to take a slot up: a chain of candidates, each raising the
// slot's level from where the one before left it, to `level`.
struct Option {
  std::vector<int> chain;  // candidate indices, in order
  int level = 0;           // what the chain reaches (at most the slot's capped target)
  Val value;               // the slot's part of the plan's value at that level
  Bits closure;            // the chain and every prerequisite it needs
  Measures whole;          // its closure's, with nothing taken yet
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
    max_value_.assign(slots_.size(), Val{});
    for (size_t s = 0; s < slots_.size(); ++s) Enumerate(s);
    Shares();
    for (size_t s = 0; s < slots_.size(); ++s) {
      any_.emplace_back(cand_.size());
      for (const Option& o : options_[s]) any_.back().Or(o.closure);
      least_.push_back(LeastAt(s, max_value_[s], false));
      Measures dearest;  // the most any of its most valuable options takes, nothing taken
      for (const Option& o : options_[s]) {
        if (Compare(o.value, max_value_[s]) != 0) break;
        dearest.hours = std::max(dearest.hours, o.whole.hours);
        dearest.cost = std::max(dearest.cost, o.whole.cost);
      }
      dearest_.push_back(dearest);
    }
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
    moves_.resize(order_.size());
    want_.resize(order_.size());
    roomy_.resize(order_.size());
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
  bool listed_all() const { return complete_; }
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
  // (A resource acts on a competence once: validation refuses two outcomes
  // on the same one, which a chain would count as two steps.)
  void Enumerate(size_t s) {
    const int start = slots_[s].goal->start, capped = slots_[s].capped;
    std::vector<std::tuple<int, int, int>> acts;  // (candidate, min_level, reaches_level)
    for (size_t i = 0; i < cand_.size(); ++i) {
      for (const auto& [slot, lo, hi] : cand_[i].outcomes) {
        if (slot == static_cast<int>(s)) acts.emplace_back(static_cast<int>(i), lo, hi);
      }
    }
    // The cheapest closures first: should the slot have more chains than
    // the search lists, the ones it keeps are the cheap ones.
    std::vector<double> full(cand_.size(), 0);
    for (const auto& [c, lo, hi] : acts) {
      closure_[c].ForEach([&](int i) { full[c] += cand_[i].primary; });
    }
    std::stable_sort(acts.begin(), acts.end(),
                     [&](const auto& a, const auto& b) { return full[std::get<0>(a)] < full[std::get<0>(b)]; });
    slot_full_ = false;
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
      for (size_t a = 0; a < acts.size() && !slot_full_; ++a) {
        const auto& [c, lo, hi] = acts[a];
        if (lo > level || hi <= level) continue;
        if (std::find(chain.begin(), chain.end(), a) != chain.end()) continue;
        chain.push_back(a);
        const int reached = std::min(hi, capped);
        bool minimal = true;
        for (size_t k = 0; k + 1 < chain.size() && minimal; ++k) minimal = reach(k) < reached;
        // A chain with a cycle stays one however it goes on.
        if (minimal && Record(s, chain, acts, reached) && reached < capped) extend(reached);
        chain.pop_back();
      }
    };
    extend(start);
    // The most valuable first (staying last): the bounds look at the top ones.
    std::stable_sort(out.begin(), out.end(), [](const Option& a, const Option& b) { return Compare(a.value, b.value) > 0; });
    for (const Option& o : out) {
      if (Compare(o.value, max_value_[s]) > 0) max_value_[s] = o.value;
    }
  }

  // Adds the chain as an option of slot `s`; false if it cannot be one (a
  // step needs one after it) or the slot has as many as are listed
  // (kMaxOptionsPerSlot, staying included: then nothing is proven).
  bool Record(size_t s, const std::vector<size_t>& chain, const std::vector<std::tuple<int, int, int>>& acts,
              int reached) {
    if (options_[s].size() >= kMaxOptionsPerSlot) {
      complete_ = false;
      slot_full_ = true;
      return false;
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
    if (!Acyclic(o.closure, {&o.chain})) return false;
    options_[s].push_back(std::move(o));
    return true;
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
        o.closure.ForEach([&](int i) { Add(i, o.whole); });
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

  void Add(int i, Measures& m) const {
    m.hours += cand_[i].resource->hours;
    m.cost += cand_[i].resource->cost;
    m.primary += cand_[i].primary;
    m.secondary += cand_[i].secondary;
    m.share += w_[i];
    m.share2 += w2_[i];
  }

  // What option `o` adds to the candidates taken so far; `apart`: none of
  // its slot's options meets them.
  Measures AddedBy(const Option& o, bool apart = false) const {
    if (apart || !o.closure.Meets(used_)) return o.whole;
    Measures m;
    o.closure.ForEach(used_, false, [&](int i) { Add(i, m); });
    return m;
  }

  struct Move {
    size_t option;
    Measures added;
  };

  void Dfs(size_t d) {
    if (aborted_) return;
    if (found_ && d < order_.size() && Prune(d)) return;
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
    std::vector<Move>& moves = moves_[d];  // sized for every depth at the start: deeper calls add none
    moves.clear();
    const bool apart = !used_.Meets(any_[s]);
    for (size_t k = 0; k < options.size(); ++k) {
      const Measures m = AddedBy(options[k], apart);
      if (WithinBudget(hours_ + m.hours, cost_ + m.cost)) moves.push_back({k, m});
    }
    // The most value first, then the cheapest: the first descent is a good greedy plan.
    std::stable_sort(moves.begin(), moves.end(), [&](const Move& a, const Move& b) {
      const int c = Compare(options[a.option].value, options[b.option].value);
      if (c != 0) return c > 0;
      if (std::abs(a.added.primary - b.added.primary) > kEps) return a.added.primary < b.added.primary;
      return a.added.secondary < b.added.secondary - kEps;
    });
    for (const Move& m : moves) {
      const Option& o = options[m.option];
      if (!o.chain.empty() && o.closure.Meets(used_) && !FitsWithChosen(d, o)) continue;
      const Bits saved = used_;
      used_.Or(o.closure);
      chosen_[s] = m.option;
      hours_ += m.added.hours, cost_ += m.added.cost, primary_ += m.added.primary, secondary_ += m.added.secondary;
      value_ += o.value;
      Dfs(d + 1);
      value_ -= o.value;
      hours_ -= m.added.hours, cost_ -= m.added.cost, primary_ -= m.added.primary,
          secondary_ -= m.added.secondary;
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

  // The least any option of slot `s` worth `value` adds (shares of both
  // measures, and the whole of the objective's), within the budget left if
  // `within_budget`.
  struct Least {
    double share = kInf, share2 = kInf, full = kInf;
  };
  Least LeastAt(size_t s, const Val& value, bool within_budget) const {
    Least least;
    const bool apart = !used_.Meets(any_[s]);
    for (const Option& o : options_[s]) {  // most valuable first
      const int c = Compare(o.value, value);
      if (c > 0) continue;
      if (c < 0) break;
      const Measures m = AddedBy(o, apart);
      if (within_budget && !WithinBudget(hours_ + m.hours, cost_ + m.cost)) continue;
      least.share = std::min(least.share, m.share);
      least.share2 = std::min(least.share2, m.share2);
      least.full = std::min(least.full, m.primary);
    }
    return least;
  }

  // The most value slot `s` can add within the budget left (on its own).
  Val MostWithinBudget(size_t s) const {
    const bool apart = !used_.Meets(any_[s]);
    for (const Option& o : options_[s]) {  // most valuable first; staying (nothing) always fits
      const Measures m = AddedBy(o, apart);
      if (WithinBudget(hours_ + m.hours, cost_ + m.cost)) return o.value;
    }
    return Val{};
  }

  // No plan below this node beats the best: its value cannot, or (at the
  // best's value) its measures cannot.
  bool Prune(size_t d) const {
    const bool budget = in_.options.max_hours > 0 || in_.options.max_cost > 0;
    Val most = value_;
    if (budget) {
      for (size_t e = d; e < order_.size(); ++e) {
        const size_t s = order_[e];
        roomy_[e] = !used_.Meets(any_[s]) && WithinBudget(hours_ + dearest_[s].hours, cost_ + dearest_[s].cost);
        most += (want_[e] = roomy_[e] ? max_value_[s] : MostWithinBudget(s));
      }
    } else {
      most += suffix_max_[d];
    }
    const int c = Compare(most, best_value_);
    if (c < 0) return true;
    if (c > 0) return false;
    // Tying the value takes the most valuable option left for every slot.
    double shares = 0, shares2 = 0, largest = 0;
    for (size_t e = d; e < order_.size(); ++e) {
      const size_t s = order_[e];
      // A slot none of whose options meets what is taken (and, with a
      // budget, whose most valuable options all fit) adds what it did at the start.
      const Least least = budget ? (roomy_[e] ? least_[s] : LeastAt(s, want_[e], true))
                          : used_.Meets(any_[s]) ? LeastAt(s, max_value_[s], false)
                                                 : least_[s];
      shares += least.share;
      shares2 += least.share2;
      largest = std::max(largest, least.full);
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

  // Leaves out steps that raise nothing in `seq` and that no step kept
  // needs, until none is left (such a step is one another chain overtook;
  // in a proven plan it costs nothing, else the search would have left it).
  std::vector<int> DropIdle(std::vector<int> seq) const {
    for (bool dropped = true; dropped;) {
      dropped = false;
      std::vector<int> level;
      for (const Slot& s : slots_) level.push_back(s.goal->start);
      std::vector<bool> raises;
      for (int i : seq) {
        bool raised = false;
        for (const auto& [slot, lo, hi] : cand_[i].outcomes) {
          if (level[slot] >= lo && hi > level[slot]) {
            level[slot] = hi;
            raised = true;
          }
        }
        raises.push_back(raised);
      }
      std::vector<int> out;
      for (size_t k = 0; k < seq.size(); ++k) {
        bool needed = raises[k];
        for (size_t j = k + 1; j < seq.size() && !needed; ++j) {
          const auto& pre = cand_[seq[j]].prereqs;
          needed = std::find(pre.begin(), pre.end(), seq[k]) != pre.end();
        }
        if (needed) {
          out.push_back(seq[k]);
        } else {
          dropped = true;
        }
      }
      seq = std::move(out);
    }
    return seq;
  }

  static constexpr size_t kMaxOptionsPerSlot = 4096;

  const PlannerInput& in_;
  std::vector<Slot> slots_;
  std::vector<Candidate> cand_;
  std::vector<Bits> closure_;
  std::vector<std::vector<Option>> options_;  // by slot, most valuable first (staying last)
  std::vector<Val> max_value_;                // by slot
  std::vector<double> w_, w2_;                // by candidate: its share of each measure
  std::vector<size_t> order_;                 // slots in the order the search decides them
  std::vector<Val> suffix_max_;               // by depth: the most value the slots from there add
  bool complete_ = true;                      // every option was enumerated
  bool slot_full_ = false;                    // while enumerating: the slot has kMaxOptionsPerSlot
  std::vector<Bits> any_;                     // by slot: every candidate its options use
  std::vector<Least> least_;                  // by slot: LeastAt its most value, nothing taken
  std::vector<Measures> dearest_;             // by slot: the most hours and cost of its most valuable options
  mutable std::vector<Val> want_;             // by depth: Prune's most value within the budget
  mutable std::vector<bool> roomy_;           // by depth: every most valuable option fits as at the start

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

SearchResult FindCheapestSequence(const PlannerInput& in, std::vector<Slot> slots, std::vector<Candidate> candidates) {
  ChainSearch search(in, std::move(slots), std::move(candidates));
  search.Run();
  SearchResult r;
  r.best = search.Sequence();
  r.optimal = search.exact();
  r.listed_all = search.listed_all();
  r.nodes = search.nodes();
  return r;
}

}  // namespace skillpath::core::planning
