// The disclosure plan: which groups are released (rule 1 of
// core/disclosure/disclosure.h), their classes, and the accessors.
#include "core/disclosure/disclosure.h"

#include <algorithm>
#include <limits>


namespace skillpath::core {
namespace {

// A way to free people for a group whose class is too small: withhold
// `chain` (a released sub-group and, while its own class is empty, one of
// its released sub-groups in turn), which moves `freed` people into the class.
struct Chain {
  int cost = std::numeric_limits<int>::max();
  int freed = 0;
  std::vector<int> nodes;
};

}  // namespace

DisclosurePlan DisclosurePlan::Make(const IndexSnapshot& index, Time as_of, int min_group) {
  DisclosurePlan p;
  p.k_ = std::max(1, min_group);
  p.as_of_ = as_of;
  p.units_ = index.units.get();
  p.competences_ = index.competences.get();
  p.unit_count_ = p.units_->units.size();
  p.several_roots_ = p.units_->roots.size() > 1;
  for (uint32_t i = 0; i < index.people.size(); ++i) {
    const PersonState* person = index.people.Get(i);
    if (!person || !person->active || person->unit >= p.unit_count_) continue;
    for (const Fact& f : person->facts) {
      if (f.assessed_at > as_of) p.valid_until_ = std::min(p.valid_until_, f.assessed_at);
      if (f.expires_at > as_of) p.valid_until_ = std::min(p.valid_until_, f.expires_at);
    }
    Member m;
    m.person = person;
    m.unit = person->unit;
    ComputePersonGap(index.role_sets->merged[person->role_set], person->facts, p.competences_->meta, as_of, m.gap,
                     /*sort=*/false);
    p.members_.push_back(std::move(m));
  }
  p.PlanGroups();
  p.PlanClasses();
  p.PlanCompetences();
  p.PlanRows();
  return p;
}

int DisclosurePlan::Node(const Group& g) const {
  const int units = static_cast<int>(unit_count_);
  switch (g.kind) {
    case Group::Kind::kSubtree: return g.unit < unit_count_ ? static_cast<int>(g.unit) : -1;
    case Group::Kind::kDirect: return g.unit < unit_count_ ? units + static_cast<int>(g.unit) : -1;
    case Group::Kind::kEveryone:
      if (several_roots_) return 2 * units;
      return units_->roots.empty() ? -1 : static_cast<int>(units_->roots[0]);
  }
  return -1;
}

bool DisclosurePlan::Released(const Group& g) const {
  const int n = Node(g);
  return n >= 0 && released_[static_cast<size_t>(n)];
}

void DisclosurePlan::PlanGroups() {
  const int units = static_cast<int>(unit_count_);
  const size_t nodes = 2 * unit_count_ + 1;
  size_.assign(nodes, 0);
  released_.assign(nodes, false);
  tops_.assign(nodes, {});
  std::vector<int> uncovered(nodes, 0);  // people in the node in no released proper sub-group
  for (const Member& m : members_) ++size_[static_cast<size_t>(units) + m.unit];

  // The cheapest chain below released node x that frees >= k people.
  auto chain_of = [&](auto&& self, int x) -> Chain {
    Chain c;
    if (uncovered[static_cast<size_t>(x)] >= k_) {
      c.cost = 1;
      c.freed = uncovered[static_cast<size_t>(x)];
      c.nodes = {x};
      return c;
    }
    for (int y : tops_[static_cast<size_t>(x)]) {
      Chain below = self(self, y);
      if (below.cost == std::numeric_limits<int>::max()) continue;
      if (below.cost + 1 < c.cost || (below.cost + 1 == c.cost && below.freed < c.freed)) {
        c.cost = below.cost + 1;
        c.freed = below.freed;
        c.nodes = {x};
        c.nodes.insert(c.nodes.end(), below.nodes.begin(), below.nodes.end());
      }
    }
    return c;
  };
  // Decides node n from its largest released sub-groups and the people in
  // none of them. A class of 1..k-1 people would be the difference of n and
  // its sub-groups: rather than withhold n, withhold a sub-group in its place
  // (parents outrank children); if none can free enough people, withhold n.
  auto resolve = [&](int n, std::vector<int> tops, int free, bool may_withhold_below) {
    if (may_withhold_below && free > 0 && free < k_) {
      Chain best;
      for (int x : tops) {
        Chain c = chain_of(chain_of, x);
        if (c.cost < best.cost || (c.cost == best.cost && c.freed < best.freed)) best = std::move(c);
      }
      if (best.cost != std::numeric_limits<int>::max()) {
        for (int y : best.nodes) {
          released_[static_cast<size_t>(y)] = false;
          tops.erase(std::find(tops.begin(), tops.end(), y));
          tops.insert(tops.end(), tops_[static_cast<size_t>(y)].begin(), tops_[static_cast<size_t>(y)].end());
        }
        free += best.freed;
      }
    }
    released_[static_cast<size_t>(n)] = Safe(free);
    uncovered[static_cast<size_t>(n)] = free;
    tops_[static_cast<size_t>(n)] = std::move(tops);
  };

  // Units children first.
  std::vector<uint32_t> pre;
  std::vector<uint32_t> stack(units_->roots.rbegin(), units_->roots.rend());
  while (!stack.empty()) {
    const uint32_t u = stack.back();
    stack.pop_back();
    pre.push_back(u);
    for (auto c = units_->children[u].rbegin(); c != units_->children[u].rend(); ++c) stack.push_back(*c);
  }
  for (auto it = pre.rbegin(); it != pre.rend(); ++it) {
    const int u = static_cast<int>(*it);
    const int d = units + u;
    released_[static_cast<size_t>(d)] = Safe(size_[static_cast<size_t>(d)]);
    uncovered[static_cast<size_t>(d)] = size_[static_cast<size_t>(d)];
    order_.push_back(d);
    size_[static_cast<size_t>(u)] = size_[static_cast<size_t>(d)];
    std::vector<int> tops;
    int free = 0;
    if (released_[static_cast<size_t>(d)]) {
      tops.push_back(d);
    } else {
      free += size_[static_cast<size_t>(d)];
    }
    for (uint32_t c : units_->children[static_cast<size_t>(u)]) {
      size_[static_cast<size_t>(u)] += size_[c];
      if (released_[c]) {
        tops.push_back(static_cast<int>(c));
      } else {
        free += uncovered[c];
        tops.insert(tops.end(), tops_[c].begin(), tops_[c].end());
      }
    }
    resolve(u, std::move(tops), free, true);
    order_.push_back(u);
  }
  if (several_roots_) {
    const int e = 2 * units;
    std::vector<int> tops;
    int free = 0;
    for (uint32_t r : units_->roots) {
      size_[static_cast<size_t>(e)] += size_[r];
      if (released_[r]) {
        tops.push_back(static_cast<int>(r));
      } else {
        free += uncovered[r];
        tops.insert(tops.end(), tops_[r].begin(), tops_[r].end());
      }
    }
    // Everyone (several roots) is the one group that is not a unit: it
    // does not outrank the roots.
    resolve(e, std::move(tops), free, false);
    order_.push_back(e);
  }
}

void DisclosurePlan::PlanClasses() {
  const int units = static_cast<int>(unit_count_);
  class_members_.assign(released_.size(), {});
  for (uint32_t i = 0; i < members_.size(); ++i) {
    // The smallest released group holding the person: D(v), T(v), then up.
    const uint32_t v = members_[i].unit;
    int found = -1;
    if (released_[static_cast<size_t>(units) + v]) found = units + static_cast<int>(v);
    for (int32_t u = static_cast<int32_t>(v); found < 0 && u >= 0; u = units_->parent[static_cast<size_t>(u)]) {
      if (released_[static_cast<size_t>(u)]) found = u;
    }
    if (found < 0 && several_roots_ && released_[static_cast<size_t>(2 * units)]) found = 2 * units;
    if (found >= 0) class_members_[static_cast<size_t>(found)].push_back(i);
  }
}

bool DisclosurePlan::MetShown(const Group& g, uint32_t competence) const {
  const int n = Node(g);
  if (n < 0 || !released_[static_cast<size_t>(n)] || competence >= competences_->meta.size()) return false;
  return level_[static_cast<size_t>(n)][competence] & kMetBit;
}

CoverageShown DisclosurePlan::Coverage(const Group& g, uint32_t competence) const {
  CoverageShown shown;
  const int n = Node(g);
  if (n < 0 || !released_[static_cast<size_t>(n)] || competence >= competences_->meta.size()) return shown;
  const uint8_t level = level_[static_cast<size_t>(n)][competence];
  shown.required = level & kRequiredBit;
  shown.met = level & kMetBit;
  shown.mean_gap = level & kMeanBit;
  shown.holders = level & kHoldersBit;
  return shown;
}

bool DisclosurePlan::AreaShown(const Group& g, uint32_t area) const {
  const int n = Node(g);
  if (n < 0 || !released_[static_cast<size_t>(n)] || area >= competences_->areas.size()) return false;
  return area_shown_[static_cast<size_t>(n)][area];
}

bool DisclosurePlan::TotalsShown(const Group& g) const {
  const int n = Node(g);
  return n >= 0 && released_[static_cast<size_t>(n)] && totals_shown_[static_cast<size_t>(n)];
}

}  // namespace skillpath::core
