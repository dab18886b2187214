// Which counts a released group may show (rules 2 and 3 of
// core/disclosure/disclosure.h): per competence and kind of count, complementary
// suppression on the atoms of the groups that show it.
#include <algorithm>
#include <limits>
#include <tuple>

#include "core/disclosure/disclosure.h"
#include "core/disclosure/disclosure_mass.h"

namespace skillpath::core {
namespace {

using disclosure::Mass;

// A class's figures for one competence.
struct ClassStat {
  int node = 0;
  int required = 0, met = 0, cells = 0, with_gap = 0;
  int top_required = 0, top_desired = 0;
  size_t holders = 0;  // offset into the holder pool: one count per bar of the competence
};

// Decides for one kind of count which released groups show it. Groups are
// taken sub-groups first. A group's atom is its own class and the atoms of
// the sub-groups that do not show the count. A safe atom (0 or >= k, count
// and complement) shows it. An unsafe one first withholds the cheapest
// chain of shown sub-groups below (a sub-group and, while that is not
// enough, one of its own shown sub-groups, up to three deep; or two
// sub-groups side by side) whose atoms make it safe; failing that the
// group withholds its own figure and its atom joins the group above.
class KindPlanner {
 public:
  // `keep_below`: a group that never withholds a figure below it (everyone,
  // with several roots: as for groups, it does not outrank the roots); -1: none.
  KindPlanner(const std::vector<int>& order, const std::vector<bool>& released,
              const std::vector<std::vector<int>>& tops, int k, int keep_below)
      : order_(order),
        released_(released),
        tops_(tops),
        k_(k),
        keep_below_(keep_below),
        atom_(released.size()),
        pending_(released.size()) {}

  // `own`: each node's class mass; `allowed`: whether it may show the count at all.
  void Plan(const std::vector<Mass>& own, const std::vector<uint8_t>& allowed, std::vector<uint8_t>& shown) {
    shown.assign(released_.size(), 0);
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      if (!released_[node]) continue;
      Mass pending = own[node];
      for (int t : tops_[node]) {
        if (!shown[static_cast<size_t>(t)]) pending += pending_[static_cast<size_t>(t)];
      }
      pending_[node] = Mass{};
      if (allowed[node] && !Safe(pending) && n != keep_below_) {
        best_ = Candidate{};
        const std::vector<int>& tops = tops_[node];
        for (int x : tops) {
          if (shown[static_cast<size_t>(x)]) Walk(x, pending, atom_[static_cast<size_t>(x)], {x}, shown);
        }
        if (best_.cost > 2) {
          // Two side by side. Sub-groups with the same atom are alike here:
          // two of each kind suffice, tried smallest first.
          side_.clear();
          for (int x : tops) {
            if (shown[static_cast<size_t>(x)]) side_.push_back({atom_[static_cast<size_t>(x)], x});
          }
          std::sort(side_.begin(), side_.end(), [](const auto& a, const auto& b) {
            return std::make_tuple(a.first.people(), a.first.yes, a.second) <
                   std::make_tuple(b.first.people(), b.first.yes, b.second);
          });
          size_t kept = 0;
          for (size_t i = 0; i < side_.size(); ++i) {
            const bool same2 = kept >= 2 && side_[kept - 1].first.yes == side_[i].first.yes &&
                               side_[kept - 1].first.no == side_[i].first.no &&
                               side_[kept - 2].first.yes == side_[i].first.yes && side_[kept - 2].first.no == side_[i].first.no;
            if (!same2) side_[kept++] = side_[i];
          }
          side_.resize(kept);
          for (size_t i = 0; i < side_.size(); ++i) {
            for (size_t j = i + 1; j < side_.size(); ++j) {
              const Mass freed = side_[i].first + side_[j].first;
              if (best_.cost == 2 && freed.people() >= best_.freed.people()) break;  // sorted: no smaller pair
              if (Safe(pending + freed)) Consider(pending, freed, {side_[i].second, side_[j].second});
            }
          }
        }
        if (best_.cost != kNone) {
          for (int x : best_.nodes) shown[static_cast<size_t>(x)] = 0;
          pending += best_.freed;
        }
      }
      if (allowed[node] && Safe(pending)) {
        shown[node] = 1;
        atom_[node] = pending;
      } else {
        pending_[node] = pending;
      }
    }
  }

 private:
  static constexpr int kNone = std::numeric_limits<int>::max();
  struct Candidate {
    int cost = kNone;
    Mass freed;
    std::vector<int> nodes;
  };
  bool Safe(const Mass& m) const { return m.Safe(k_); }
  void Consider(const Mass& pending, const Mass& freed, std::vector<int> nodes) {
    if (!Safe(pending + freed)) return;
    const int cost = static_cast<int>(nodes.size());
    if (cost < best_.cost || (cost == best_.cost && freed.people() < best_.freed.people())) {
      best_ = Candidate{cost, freed, std::move(nodes)};
    }
  }
  void Walk(int x, const Mass& pending, const Mass& freed, std::vector<int> path, const std::vector<uint8_t>& shown) {
    if (Safe(pending + freed)) return Consider(pending, freed, std::move(path));
    if (path.size() >= 3) return;
    for (int y : tops_[static_cast<size_t>(x)]) {
      if (!shown[static_cast<size_t>(y)]) continue;
      std::vector<int> longer = path;
      longer.push_back(y);
      Walk(y, pending, freed + atom_[static_cast<size_t>(y)], std::move(longer), shown);
    }
  }

  const std::vector<int>& order_;
  const std::vector<bool>& released_;
  const std::vector<std::vector<int>>& tops_;
  int k_;
  int keep_below_;
  std::vector<Mass> atom_, pending_;
  Candidate best_;
  std::vector<std::pair<Mass, int>> side_;  // shown sub-groups by atom, for pairs
};

}  // namespace

void DisclosurePlan::PlanCompetences() {
  const size_t nodes = released_.size();
  const size_t competences = competences_->meta.size();

  // Every bar a group can count holders at: the targets of the competence.
  // Levels lie in 0..20 (core/rules/validation.h), so a mask per competence.
  std::vector<uint32_t> targets(competences, 0);
  for (const Member& m : members_) {
    for (const GapEntry& e : m.gap.entries) {
      if (e.target > 0 && e.target < 32) targets[e.competence] |= uint32_t{1} << e.target;
    }
  }
  std::vector<std::vector<int>> bars(competences);
  for (size_t c = 0; c < competences; ++c) {
    for (int level = 1; level < 32; ++level) {
      if (targets[c] >> level & 1) bars[c].push_back(level);
    }
  }

  // Per competence, the classes with something for it (and, for the rows,
  // each class's required and met counts by competence).
  class_required_.assign(nodes * competences, 0);
  class_met_.assign(nodes * competences, 0);
  std::vector<std::vector<ClassStat>> stats(competences);
  std::vector<int> pool;  // holder counts, one per bar
  {
    std::vector<ClassStat> scratch(competences);
    std::vector<std::vector<int>> held(competences);
    std::vector<uint8_t> touched(competences, 0);
    std::vector<uint32_t> list;
    auto touch = [&](uint32_t c) {
      if (touched[c]) return;
      touched[c] = 1;
      list.push_back(c);
      held[c].assign(bars[c].size(), 0);
    };
    for (int n : order_) {
      if (!released_[static_cast<size_t>(n)]) continue;
      for (uint32_t i : class_members_[static_cast<size_t>(n)]) {
        int64_t last = -1;
        for (const GapEntry& e : members_[i].gap.entries) {
          touch(e.competence);
          ClassStat& s = scratch[e.competence];
          if (e.priority == Priority::kRequired) {
            ++s.required;
            s.met += e.met;
            s.top_required = std::max(s.top_required, e.target);
          } else {
            s.top_desired = std::max(s.top_desired, e.target);
          }
          if (static_cast<int64_t>(e.competence) == last) continue;  // the REQUIRED entry is the cell
          last = e.competence;
          ++s.cells;
          s.with_gap += e.gap > 0;
        }
        // Levels for holders: the gap entries have them for the targets;
        // the facts for the rest (both lists in competence order).
        const std::vector<Fact>& facts = members_[i].person->facts;
        const std::vector<GapEntry>& entries = members_[i].gap.entries;
        size_t e = 0;
        for (size_t f = 0; f < facts.size();) {
          size_t g = f;
          const uint32_t c = facts[f].competence;
          while (g < facts.size() && facts[g].competence == c) ++g;
          if (c < competences && !bars[c].empty()) {
            while (e < entries.size() && entries[e].competence < c) ++e;
            const int level = e < entries.size() && entries[e].competence == c
                                  ? entries[e].current
                                  : EffectiveAt(facts.data() + f, facts.data() + g, as_of_).level;
            if (level >= bars[c].front()) {
              touch(c);
              for (size_t b = 0; b < bars[c].size() && bars[c][b] <= level; ++b) ++held[c][b];
            }
          }
          f = g;
        }
      }
      for (uint32_t c : list) {
        ClassStat s = scratch[c];
        s.node = n;
        s.holders = pool.size();
        pool.insert(pool.end(), held[c].begin(), held[c].end());
        class_required_[static_cast<size_t>(n) * competences + c] = s.required;
        class_met_[static_cast<size_t>(n) * competences + c] = s.met;
        stats[c].push_back(s);
        scratch[c] = ClassStat{};
        touched[c] = 0;
      }
      list.clear();
    }
  }

  level_.assign(nodes, {});
  for (size_t n = 0; n < nodes; ++n) {
    if (released_[n]) level_[n].assign(competences, 0);
  }
  KindPlanner planner(order_, released_, tops_, k_, several_roots_ ? static_cast<int>(2 * unit_count_) : -1);
  std::vector<Mass> own(nodes), cells(nodes), gaps(nodes);
  std::vector<uint8_t> everywhere(nodes, 1), shown_required, shown_met;
  std::vector<const ClassStat*> stat_of(nodes, nullptr);
  std::vector<Mass> pending_cells(nodes), pending_gaps(nodes);
  std::vector<int> top_required(nodes), top_desired(nodes), bar_of(nodes);
  std::vector<int> region_held, covered_held, covered_people;
  for (uint32_t c = 0; c < competences; ++c) {
    for (const ClassStat& s : stats[c]) stat_of[static_cast<size_t>(s.node)] = &s;
    auto class_size = [&](size_t n) { return static_cast<int>(class_members_[n].size()); };
    // required_count: with and without the requirement.
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      const ClassStat* s = stat_of[node];
      const int required = s ? s->required : 0;
      own[node] = Mass{required, class_size(node) - required};
    }
    planner.Plan(own, everywhere, shown_required);
    // met_count: met and unmet, only where required_count is shown.
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      const ClassStat* s = stat_of[node];
      own[node] = s ? Mass{s->met, s->required - s->met} : Mass{};
    }
    planner.Plan(own, shown_required, shown_met);
    // mean_gap: cells and cells with a gap in the group's met atom.
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      if (!released_[node]) continue;
      const ClassStat* s = stat_of[node];
      Mass pc = s ? Mass{s->cells, class_size(node) - s->cells} : Mass{0, class_size(node)};
      Mass pg = s ? Mass{s->with_gap, s->cells - s->with_gap} : Mass{};
      // The mean atom: people in no smaller group that shows mean_gap.
      for (int t : tops_[node]) {
        if (level_[static_cast<size_t>(t)][c] & kMeanBit) continue;
        pc += pending_cells[static_cast<size_t>(t)];
        pg += pending_gaps[static_cast<size_t>(t)];
      }
      uint8_t bits = 0;
      if (shown_required[node]) bits |= kRequiredBit;
      if (shown_met[node]) {
        bits |= kMetBit;
        if (pc.Safe(k_) && pg.Safe(k_)) {
          bits |= kMeanBit;
          pc = pg = Mass{};
        }
      }
      pending_cells[node] = pc;
      pending_gaps[node] = pg;
      level_[node][c] = bits;
    }
    // Holders, per bar: a group counts them at its highest required level
    // (else its highest desired one), and only groups at the same bar
    // subtract to a count of anyone. Shown only where required_count is.
    const std::vector<int>& bar = bars[c];
    const size_t nb = bar.size();
    region_held.assign(nodes * nb, 0);
    covered_held.assign(nodes * nb, 0);
    covered_people.assign(nodes * nb, 0);
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      if (!released_[node]) continue;
      const ClassStat* s = stat_of[node];
      top_required[node] = s ? s->top_required : 0;
      top_desired[node] = s ? s->top_desired : 0;
      for (size_t b = 0; b < nb; ++b) region_held[node * nb + b] = s ? pool[s->holders + b] : 0;
      for (int t : tops_[node]) {
        const size_t top = static_cast<size_t>(t);
        top_required[node] = std::max(top_required[node], top_required[top]);
        top_desired[node] = std::max(top_desired[node], top_desired[top]);
        const bool counted = level_[top][c] & kHoldersBit;
        for (size_t b = 0; b < nb; ++b) {
          region_held[node * nb + b] += region_held[top * nb + b];
          if (counted && bar_of[top] == static_cast<int>(b)) {
            covered_held[node * nb + b] += region_held[top * nb + b];
            covered_people[node * nb + b] += size_[top];
          } else {
            covered_held[node * nb + b] += covered_held[top * nb + b];
            covered_people[node * nb + b] += covered_people[top * nb + b];
          }
        }
      }
      const int at = top_required[node] > 0 ? top_required[node] : top_desired[node];
      bar_of[node] = -1;
      bool ok = shown_required[node];
      if (at > 0) {
        const size_t b = static_cast<size_t>(std::lower_bound(bar.begin(), bar.end(), at) - bar.begin());
        bar_of[node] = static_cast<int>(b);
        const int held = region_held[node * nb + b] - covered_held[node * nb + b];
        const int people = size_[node] - covered_people[node * nb + b];
        ok = ok && Safe(held) && Safe(people - held);
      }
      if (ok) level_[node][c] |= kHoldersBit;
    }
    for (const ClassStat& s : stats[c]) stat_of[static_cast<size_t>(s.node)] = nullptr;
  }
}

}  // namespace skillpath::core
