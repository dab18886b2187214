// Which area rows and totals a released group may show (rule 3 of
// core/disclosure.h). A (class, competence) cell's *block* is named by the
// deepest shown figure of each family that holds it: its competence's count
// (required_count for the R blocks, met_count for the M blocks), its area's
// row, the total. Cells without a competence figure are merged across the
// competences of the row that holds them ("area minus the competences
// shown"). Rows are decided sub-groups first, areas before totals; a row is
// shown only if every block it creates, and what it leaves of the blocks it
// splits, is safe: 0 or >= k people with (and without) a requirement in
// the R blocks, with a met and an unmet one in the M blocks. Blocks only
// ever split, and each split is checked, so every final block is safe.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "core/disclosure.h"

namespace skillpath::core {
namespace {

// {competence or -1 when merged, its figure's node, area or -1, the area
// row's node, the total's node}; -1 where none holds the cell.
using Key = std::array<int, 5>;
struct KeyHash {
  size_t operator()(const Key& k) const {
    size_t h = 0;
    for (int v : k) h = h * 1'000'003u ^ static_cast<size_t>(static_cast<uint32_t>(v));
    return h;
  }
};
bool Published(const Key& k) { return k[1] >= 0 || k[3] >= 0 || k[4] >= 0; }

struct Mass {
  int yes = 0, no = 0;
  Mass& operator+=(const Mass& o) {
    yes += o.yes;
    no += o.no;
    return *this;
  }
};
Mass operator-(Mass a, const Mass& b) { return {a.yes - b.yes, a.no - b.no}; }

// Per block: R (with / without a requirement) and M (met / unmet).
struct Masses {
  Mass r, m;
};
using Blocks = std::unordered_map<Key, Mass, KeyHash>;

}  // namespace

void DisclosurePlan::PlanRows() {
  const size_t nodes = released_.size();
  const size_t competences = competences_->meta.size();
  const size_t areas = competences_->areas.size();
  const auto& meta = competences_->meta;
  const int units = static_cast<int>(unit_count_);
  auto row_node = [&](int n) { return n < units || n == 2 * units; };  // a subtree, or everyone
  auto T0 = std::chrono::steady_clock::now();
  auto LAP = [&](const char* w) { auto t = std::chrono::steady_clock::now(); fprintf(stderr, "  %s %.1f\n", w, std::chrono::duration<double, std::milli>(t - T0).count()); T0 = t; };
  area_shown_.assign(nodes, std::vector<bool>(areas, false));
  totals_shown_.assign(nodes, false);

  // Released tree and its classes.
  std::vector<int> parent(nodes, -1);
  for (size_t n = 0; n < nodes; ++n) {
    if (!released_[n]) continue;  // a withheld group's sub-groups count for the group above it
    for (int t : tops_[n]) parent[static_cast<size_t>(t)] = static_cast<int>(n);
  }
  std::vector<int> class_index(nodes, -1);
  std::vector<int> classes;
  for (int n : order_) {
    if (released_[static_cast<size_t>(n)] && !class_members_[static_cast<size_t>(n)].empty()) {
      class_index[static_cast<size_t>(n)] = static_cast<int>(classes.size());
      classes.push_back(n);
    }
  }
  // The deepest group showing the competence's count, per class.
  std::vector<int> rc(classes.size() * competences), mc(classes.size() * competences);
  for (size_t ci = 0; ci < classes.size(); ++ci) {
    for (size_t c = 0; c < competences; ++c) {
      int r = -1, m = -1;
      for (int t = classes[ci]; t >= 0 && m < 0; t = parent[static_cast<size_t>(t)]) {
        const uint8_t bits = level_[static_cast<size_t>(t)][c];
        if (r < 0 && (bits & kRequiredBit)) r = t;
        if (bits & kMetBit) m = t;
      }
      rc[ci * competences + c] = r;
      mc[ci * competences + c] = m;
    }
  }
  LAP("rc");
  std::vector<int> ka(classes.size() * areas, -1), kt(classes.size(), -1);
  auto key_of = [&](size_t ci, uint32_t c, int kc) -> Key {
    const int a = ka[ci * areas + meta[c].area];
    return {kc >= 0 ? static_cast<int>(c) : -1, kc, kc < 0 && a >= 0 ? static_cast<int>(meta[c].area) : -1, a,
            kt[ci]};
  };

  // Per class and competence: people with the requirement, and with it met.
  std::vector<int> required_in(classes.size() * competences, 0), met_in(classes.size() * competences, 0);
  for (size_t ci = 0; ci < classes.size(); ++ci) {
    for (uint32_t i : class_members_[static_cast<size_t>(classes[ci])]) {
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.priority != Priority::kRequired) continue;
        ++required_in[ci * competences + e.competence];
        met_in[ci * competences + e.competence] += e.met;
      }
    }
  }

  // What a class puts into each block of the given competences, into
  // `local`: a block of one competence takes its counts; a merged block the
  // people with any requirement in it / any competence without one, any met
  // / any unmet one. R and M blocks are separate entries even where their
  // keys agree.
  std::vector<uint8_t> required(competences, 0), met(competences, 0);
  std::vector<std::pair<Key, Masses>> local;
  struct Merged {
    size_t entry;                // in `local`
    std::vector<uint32_t> comps;
    bool r;                      // an R block (else M)
  };
  std::vector<Merged> merged;
  auto class_blocks = [&](size_t ci, const std::vector<uint32_t>& comps) {
    local.clear();
    merged.clear();
    const int size = static_cast<int>(class_members_[static_cast<size_t>(classes[ci])].size());
    for (const bool r : {true, false}) {
      for (uint32_t c : comps) {
        const int kc = (r ? rc : mc)[ci * competences + c];
        const Key key = key_of(ci, c, kc);
        if (kc >= 0) {
          const int req = required_in[ci * competences + c], m = met_in[ci * competences + c];
          local.push_back({key, r ? Masses{Mass{req, size - req}, {}} : Masses{{}, Mass{m, req - m}}});
          continue;
        }
        auto it = std::find_if(merged.begin(), merged.end(),
                               [&](const Merged& g) { return g.r == r && local[g.entry].first == key; });
        if (it == merged.end()) {
          local.push_back({key, Masses{}});
          merged.push_back({local.size() - 1, {}, r});
          it = merged.end() - 1;
        }
        it->comps.push_back(c);
      }
    }
    if (merged.empty()) return;
    for (uint32_t i : class_members_[static_cast<size_t>(classes[ci])]) {
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.priority != Priority::kRequired) continue;
        required[e.competence] = 1;
        met[e.competence] = e.met;
      }
      for (const Merged& g : merged) {
        bool yes = false, no = false;
        for (uint32_t c : g.comps) {
          if (g.r) {
            (required[c] ? yes : no) = true;
          } else if (required[c]) {
            (met[c] ? yes : no) = true;
          }
        }
        Mass& m = g.r ? local[g.entry].second.r : local[g.entry].second.m;
        m += Mass{yes, no};
      }
      for (const GapEntry& e : members_[i].gap.entries) required[e.competence] = met[e.competence] = 0;
    }
  };

  std::vector<uint32_t> all(competences);
  for (uint32_t c = 0; c < competences; ++c) all[c] = c;
  Blocks r_mass, m_mass;
  for (size_t ci = 0; ci < classes.size(); ++ci) {
    class_blocks(ci, all);
    for (const auto& [key, masses] : local) {
      if (!Published(key)) continue;
      r_mass[key] += masses.r;
      m_mass[key] += masses.m;
    }
  }

  LAP("init");
  // Decides one row family (an area's rows, or the totals) bottom-up. What
  // a class puts into the blocks of the family's competences changes only
  // when a row of the family claims it: kept per class until then.
  std::vector<int> inside;
  std::vector<std::vector<std::pair<Key, Masses>>> cached(classes.size());
  std::vector<uint8_t> fresh(classes.size(), 0);
  auto decide = [&](const std::vector<uint32_t>& comps, auto&& shown, auto&& set_shown, auto&& claim) {
    std::fill(fresh.begin(), fresh.end(), 0);
    auto blocks_of = [&](size_t ci) -> const std::vector<std::pair<Key, Masses>>& {
      if (!fresh[ci]) {
        class_blocks(ci, comps);
        cached[ci] = local;
        fresh[ci] = 1;
      }
      return cached[ci];
    };
    std::unordered_map<Key, Masses, KeyHash> moved;
    for (int n : order_) {
      if (!released_[static_cast<size_t>(n)] || !row_node(n)) continue;
      // The classes the row would hold that no deeper row of the family does.
      inside.clear();
      std::vector<int> stack = {n};
      while (!stack.empty()) {
        const int x = stack.back();
        stack.pop_back();
        if (class_index[static_cast<size_t>(x)] >= 0) inside.push_back(class_index[static_cast<size_t>(x)]);
        for (int t : tops_[static_cast<size_t>(x)]) {
          if (!shown(t)) stack.push_back(t);
        }
      }
      moved.clear();
      for (int ci : inside) {
        for (const auto& [key, masses] : blocks_of(static_cast<size_t>(ci))) {
          Masses& m = moved[key];
          m.r += masses.r;
          m.m += masses.m;
        }
      }
      bool ok = true;
      for (const auto& [key, masses] : moved) {
        for (const auto& [part, total] : {std::pair{masses.r, &r_mass}, std::pair{masses.m, &m_mass}}) {
          ok = ok && Safe(part.yes) && Safe(part.no);
          if (!ok || !Published(key)) continue;
          auto it = total->find(key);
          const Mass rest = (it == total->end() ? Mass{} : it->second) - part;
          ok = ok && Safe(rest.yes) && Safe(rest.no);
        }
        if (!ok) break;
      }
      if (!ok) continue;
      set_shown(n);
      // Commit: the moved cells now sit in blocks named by this row.
      for (const auto& [key, masses] : moved) {
        if (!Published(key)) continue;
        r_mass[key] = r_mass[key] - masses.r;
        m_mass[key] = m_mass[key] - masses.m;
      }
      for (int ci : inside) {
        claim(static_cast<size_t>(ci), n);
        fresh[static_cast<size_t>(ci)] = 0;
        for (const auto& [key, masses] : blocks_of(static_cast<size_t>(ci))) {
          r_mass[key] += masses.r;
          m_mass[key] += masses.m;
        }
      }
    }
  };
  for (uint32_t a = 0; a < areas; ++a) {
    std::vector<uint32_t> comps;
    for (uint32_t c = 0; c < competences; ++c) {
      if (meta[c].area == a) comps.push_back(c);
    }
    decide(
        comps, [&](int t) { return area_shown_[static_cast<size_t>(t)][a]; },
        [&](int n) { area_shown_[static_cast<size_t>(n)][a] = true; },
        [&](size_t ci, int n) { ka[ci * areas + a] = n; });
  }
  LAP("areas");
  decide(
      all, [&](int t) { return static_cast<bool>(totals_shown_[static_cast<size_t>(t)]); },
      [&](int n) { totals_shown_[static_cast<size_t>(n)] = true; }, [&](size_t ci, int n) { kt[ci] = n; });
  LAP("totals");
}

}  // namespace skillpath::core
