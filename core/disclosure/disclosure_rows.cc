// Which area rows and totals a released group may show (rule 3 of
// core/disclosure/disclosure.h).
//
// A (class, competence) cell's *block* is named by the deepest shown figure
// of each family that holds it: its competence's count (required_count for
// the R blocks, met_count for the M blocks), its area's row, the total.
// Cells that no competence figure holds are merged across the competences of
// the row that holds them ("area minus the competences shown"). Every
// figure is a sum over whole blocks. Rows are decided sub-groups first,
// areas before totals. A row at group n takes the cells below it that no
// deeper row of its family holds; a block whose figure lies inside n moves
// whole, and a block named by figures above n is split in two. The row is
// shown only if every part it takes and every rest it leaves is safe: 0 or
// >= k people with (and without) a requirement in the R blocks, with a met
// and an unmet one in the M blocks. Blocks only ever split, each split is
// checked, so every final block is safe.
#include <algorithm>
#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "core/disclosure/disclosure.h"
#include "core/disclosure/disclosure_mass.h"

namespace skillpath::core {
namespace {

using disclosure::Mass;

constexpr int kKinds = 2;  // 0: R (with / without a requirement), 1: M (met / unmet)

}  // namespace

void DisclosurePlan::PlanRows() {
  const size_t nodes = released_.size();
  const size_t competences = competences_->meta.size();
  const size_t areas = competences_->areas.size();
  const auto& meta = competences_->meta;
  const int units = static_cast<int>(unit_count_);
  const uint8_t kind_bit[kKinds] = {kRequiredBit, kMetBit};
  area_shown_.assign(nodes, std::vector<bool>(areas, false));
  totals_shown_.assign(nodes, false);

  // The released tree, parents before children.
  std::vector<int> parent(nodes, -1);
  for (size_t n = 0; n < nodes; ++n) {
    if (!released_[n]) continue;  // a withheld group's sub-groups count for the group above it
    for (int t : tops_[n]) parent[static_cast<size_t>(t)] = static_cast<int>(n);
  }
  std::vector<int> down;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    if (released_[static_cast<size_t>(*it)]) down.push_back(*it);
  }
  // Per node and competence: the deepest group holding it that shows the
  // kind's figure (-1: none).
  std::vector<int> holder[kKinds];
  for (int kind = 0; kind < kKinds; ++kind) {
    holder[kind].assign(nodes * competences, -1);
    for (int n : down) {
      const size_t node = static_cast<size_t>(n);
      const int up = parent[node];
      for (size_t c = 0; c < competences; ++c) {
        holder[kind][node * competences + c] = (level_[node][c] & kind_bit[kind]) ? n
                                               : up >= 0 ? holder[kind][static_cast<size_t>(up) * competences + c]
                                                         : -1;
      }
    }
  }
  // What each class puts into a cell, per kind.
  auto cell = [&](int kind, size_t node, uint32_t c) {
    const int size = static_cast<int>(class_members_[node].size());
    const int req = class_required_[node * competences + c], m = class_met_[node * competences + c];
    return kind == 0 ? Mass{req, size - req} : Mass{m, req - m};
  };
  // The deepest shown area row holding a node (phase B), per area.
  std::vector<int> area_holder(nodes * areas, -1);

  // Merged cells: per person, any requirement / any competence without one
  // (R), any met / any unmet (M), over the given competences.
  std::vector<uint8_t> required(competences, 0), met(competences, 0);
  auto merged_mass = [&](int kind, size_t node, const std::vector<uint32_t>& comps) {
    Mass m;
    for (uint32_t i : class_members_[node]) {
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.priority != Priority::kRequired) continue;
        required[e.competence] = 1;
        met[e.competence] = e.met;
      }
      bool yes = false, no = false;
      for (uint32_t c : comps) {
        if (kind == 0) {
          (required[c] ? yes : no) = true;
        } else if (required[c]) {
          (met[c] ? yes : no) = true;
        }
      }
      m += Mass{yes, no};
      for (const GapEntry& e : members_[i].gap.entries) required[e.competence] = met[e.competence] = 0;
    }
    return m;
  };

  // Remainders of blocks named by figures above the row being decided:
  // (kind, competence or -1-area or kAll, figure's node, area row's node).
  auto key = [](int kind, int64_t what, int figure, int area_row) {
    return (static_cast<uint64_t>(kind) << 62) | (static_cast<uint64_t>(what + (1 << 20)) << 40) |
           (static_cast<uint64_t>(figure + 1) << 20) | static_cast<uint64_t>(area_row + 1);
  };
  const int64_t kAll = -(1 << 19);
  absl::flat_hash_map<uint64_t, Mass> rest;
  auto safe = [&](const Mass& m) { return m.Safe(k_); };

  // One family: an area's rows (`area` >= 0) or the totals (-1).
  std::vector<int> inside, stack;
  std::vector<Mass> part[kKinds];
  std::vector<uint32_t> merged_comps[kKinds];
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> merged_groups;  // per class: key, competences
  auto decide = [&](int area, const std::vector<uint32_t>& comps) {
    const bool totals = area < 0;
    auto shown = [&](int t) {
      return totals ? static_cast<bool>(totals_shown_[static_cast<size_t>(t)])
                    : static_cast<bool>(area_shown_[static_cast<size_t>(t)][static_cast<size_t>(area)]);
    };
    auto area_row = [&](size_t node, uint32_t c) {
      return totals ? area_holder[node * areas + meta[c].area] : -1;
    };
    // The blocks before any row of the family: remainders start whole.
    rest.clear();
    absl::flat_hash_map<uint64_t, std::vector<uint32_t>> groups;
    for (int n : down) {
      const size_t node = static_cast<size_t>(n);
      if (class_members_[node].empty()) continue;
      for (int kind = 0; kind < kKinds; ++kind) {
        groups.clear();
        for (uint32_t c : comps) {
          const int figure = holder[kind][node * competences + c];
          const int row = area_row(node, c);
          if (figure >= 0) {
            rest[key(kind, c, figure, row)] += cell(kind, node, c);
          } else if (row >= 0) {
            groups[key(kind, -1 - static_cast<int64_t>(meta[c].area), -1, row)].push_back(c);
          }
        }
        for (const auto& [k, cs] : groups) rest[k] += merged_mass(kind, node, cs);
      }
    }
    for (int kind = 0; kind < kKinds; ++kind) part[kind].assign(competences, Mass{});
    for (int n : order_) {
      const size_t node = static_cast<size_t>(n);
      if (!released_[node] || !(n < units || n == 2 * units)) continue;  // rows: a subtree, or everyone
      inside.clear();
      stack.assign(1, n);
      while (!stack.empty()) {
        const int x = stack.back();
        stack.pop_back();
        if (!class_members_[static_cast<size_t>(x)].empty()) inside.push_back(x);
        for (int t : tops_[static_cast<size_t>(x)]) {
          if (!shown(t)) stack.push_back(t);
        }
      }
      // The cells of the row in blocks named above n. A block named by a
      // figure or row at n or inside it moves whole.
      bool ok = true;
      absl::flat_hash_map<uint64_t, Mass> merged;  // new merged parts, by old key
      for (int kind = 0; kind < kKinds && ok; ++kind) {
        for (uint32_t c : comps) part[kind][c] = Mass{};
        for (int x : inside) {
          const size_t xn = static_cast<size_t>(x);
          merged_groups.clear();
          for (uint32_t c : comps) {
            const int figure = holder[kind][node * competences + c];
            const int row = area_row(node, c);
            if (figure == n || (totals && row == n)) continue;
            if (holder[kind][xn * competences + c] != figure || area_row(xn, c) != row) continue;
            if (figure >= 0) {
              part[kind][c] += cell(kind, xn, c);
              continue;
            }
            const uint64_t k = row >= 0 ? key(kind, -1 - static_cast<int64_t>(meta[c].area), -1, row)
                                        : key(kind, kAll, -1, -1);
            auto g = std::find_if(merged_groups.begin(), merged_groups.end(),
                                  [&](const auto& e) { return e.first == k; });
            if (g == merged_groups.end()) {
              merged_groups.push_back({k, {}});
              g = merged_groups.end() - 1;
            }
            g->second.push_back(c);
          }
          for (const auto& [k, comps_in] : merged_groups) merged[k] += merged_mass(kind, xn, comps_in);
        }
        for (uint32_t c : comps) {
          const Mass& p = part[kind][c];
          if (p.yes == 0 && p.no == 0) continue;
          Mass left = rest[key(kind, c, holder[kind][node * competences + c], area_row(node, c))];
          left -= p;
          ok = ok && safe(p) && safe(left);
        }
      }
      for (const auto& [k, p] : merged) {
        ok = ok && safe(p);
        if (!ok) break;
        auto it = rest.find(k);
        if (it != rest.end()) {
          Mass left = it->second;
          left -= p;
          ok = safe(left);
        }
      }
      if (!ok) continue;
      if (totals) {
        totals_shown_[node] = true;
      } else {
        area_shown_[node][static_cast<size_t>(area)] = true;
      }
      // The rests above shrink; the parts are inside n from now on, where
      // no later row of the family looks.
      for (int kind = 0; kind < kKinds; ++kind) {
        for (uint32_t c : comps) {
          const Mass& p = part[kind][c];
          if (p.yes == 0 && p.no == 0) continue;
          rest[key(kind, c, holder[kind][node * competences + c], area_row(node, c))] -= p;
        }
      }
      for (const auto& [k, p] : merged) {
        auto it = rest.find(k);
        if (it != rest.end()) it->second -= p;
      }
    }
  };

  std::vector<uint32_t> all(competences);
  for (uint32_t c = 0; c < competences; ++c) all[c] = c;
  for (uint32_t a = 0; a < areas; ++a) {
    std::vector<uint32_t> comps;
    for (uint32_t c = 0; c < competences; ++c) {
      if (meta[c].area == a) comps.push_back(c);
    }
    decide(static_cast<int>(a), comps);
  }
  for (int n : down) {
    const size_t node = static_cast<size_t>(n);
    const int up = parent[node];
    for (size_t a = 0; a < areas; ++a) {
      area_holder[node * areas + a] = area_shown_[node][a] ? n : up >= 0 ? area_holder[static_cast<size_t>(up) * areas + a] : -1;
    }
  }
  decide(-1, all);
}

}  // namespace skillpath::core
