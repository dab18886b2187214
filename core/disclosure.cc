#include "core/disclosure.h"

#include <algorithm>
#include <array>
#include <limits>

#include "absl/strings/str_cat.h"
#include "core/gap_queries.h"
#include "core/status_macros.h"

namespace skillpath::core {
namespace {

constexpr uint8_t kRequiredBit = 1, kMetBit = 2, kMeanBit = 4;

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

std::vector<int> DisclosurePlan::ClassesUnder(int n) const {
  const int units = static_cast<int>(unit_count_);
  std::vector<int> out;
  if (n < 0 || !released_[static_cast<size_t>(n)]) return out;
  if (n >= units && n < 2 * units) return {n};
  std::vector<bool> in(unit_count_, true);
  if (n < units) in = units_->Subtree(static_cast<uint32_t>(n));
  for (int u = 0; u < units; ++u) {
    if (!in[static_cast<size_t>(u)]) continue;
    if (released_[static_cast<size_t>(u)]) out.push_back(u);
    if (released_[static_cast<size_t>(units + u)]) out.push_back(units + u);
  }
  if (n == 2 * units) out.push_back(n);
  return out;
}

void DisclosurePlan::PlanCompetences() {
  const size_t competences = competences_->meta.size();
  const size_t areas = competences_->areas.size();
  level_.assign(released_.size(), {});
  area_shown_.assign(released_.size(), {});
  totals_shown_.assign(released_.size(), false);
  std::vector<int> required(competences), met(competences), cells(competences), with_gap(competences);
  // For the rows a group shows beyond its competence figures (one per area,
  // or the total): per row, the people with a 1 and the people with a 0
  // among the competences the row adds (`row_of` maps a competence to its
  // row, -1 where the row adds nothing), for each of "required" (over the
  // competences whose required_count is withheld), "met" and "unmet" (over
  // those whose met_count is withheld). With one competence in a row these
  // are the withheld counts and their complements themselves.
  std::vector<int> open_required, open_met, has_required, has_met, has_unmet;
  std::vector<std::array<int, 6>> people_with;  // per row: required 1/0, met 1/0, unmet 1/0
  std::vector<std::array<int, 6>> total_residual(released_.size(), {0, 0, 0, 0, 0, 0});
  auto rows_safe = [&](const std::vector<uint32_t>& people, size_t rows, auto&& required_open, auto&& met_open,
                       auto&& row_of) {
    open_required.assign(rows, 0);
    open_met.assign(rows, 0);
    for (uint32_t c = 0; c < competences; ++c) {
      const int row = row_of(c);
      if (row < 0) continue;
      open_required[static_cast<size_t>(row)] += required_open(c);
      open_met[static_cast<size_t>(row)] += met_open(c);
    }
    people_with.assign(rows, {0, 0, 0, 0, 0, 0});
    for (uint32_t i : people) {
      has_required.assign(rows, 0);
      has_met.assign(rows, 0);
      has_unmet.assign(rows, 0);
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.priority != Priority::kRequired) continue;
        const int row = row_of(e.competence);
        if (row < 0) continue;
        const size_t r = static_cast<size_t>(row);
        if (required_open(e.competence)) ++has_required[r];
        if (met_open(e.competence)) ++(e.met ? has_met[r] : has_unmet[r]);
      }
      for (size_t r = 0; r < rows; ++r) {
        std::array<int, 6>& w = people_with[r];
        if (open_required[r] > 0) {
          w[0] += has_required[r] > 0;
          w[1] += has_required[r] < open_required[r];
        }
        if (open_met[r] > 0) {
          w[2] += has_met[r] > 0;
          w[3] += has_met[r] < open_met[r];
          w[4] += has_unmet[r] > 0;
          w[5] += has_unmet[r] < open_met[r];
        }
      }
    }
    std::vector<bool> safe(rows, true);
    for (size_t r = 0; r < rows; ++r) {
      for (int n : people_with[r]) safe[r] = safe[r] && Safe(n);
    }
    return safe;
  };
  for (int n : order_) {
    const size_t node = static_cast<size_t>(n);
    if (!released_[node]) continue;
    const std::vector<uint32_t>& people = class_members_[node];
    const int size = static_cast<int>(people.size());
    std::fill(required.begin(), required.end(), 0);
    std::fill(met.begin(), met.end(), 0);
    std::fill(cells.begin(), cells.end(), 0);
    std::fill(with_gap.begin(), with_gap.end(), 0);
    for (uint32_t i : people) {
      int64_t last = -1;
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.priority == Priority::kRequired) {
          ++required[e.competence];
          met[e.competence] += e.met;
        }
        if (static_cast<int64_t>(e.competence) == last) continue;  // the REQUIRED entry is the cell
        last = e.competence;
        ++cells[e.competence];
        with_gap[e.competence] += e.gap > 0;
      }
    }
    std::vector<uint8_t>& level = level_[node];
    level.assign(competences, 0);
    for (size_t c = 0; c < competences; ++c) {
      uint8_t bits = 0;
      if (Safe(required[c]) && Safe(size - required[c])) bits |= kRequiredBit;
      if ((bits & kRequiredBit) && Safe(met[c]) && Safe(required[c] - met[c])) bits |= kMetBit;
      if ((bits & kMetBit) && Safe(cells[c]) && Safe(size - cells[c]) && Safe(with_gap[c]) &&
          Safe(cells[c] - with_gap[c])) {
        bits |= kMeanBit;
      }
      for (int t : tops_[node]) bits &= level_[static_cast<size_t>(t)][c];
      level[c] = bits;
    }
    // Area rows: what a row adds beyond the competence figures shown.
    const auto& meta = competences_->meta;
    auto required_open = [&](uint32_t c) { return !(level[c] & kRequiredBit); };
    auto met_open = [&](uint32_t c) { return !(level[c] & kMetBit); };
    const std::vector<bool> areas_safe =
        rows_safe(people, areas, required_open, met_open, [&](uint32_t c) { return static_cast<int>(meta[c].area); });
    std::vector<bool>& area_shown = area_shown_[node];
    area_shown.assign(areas, false);
    for (size_t a = 0; a < areas; ++a) {
      bool ok = areas_safe[a];
      for (int t : tops_[node]) ok = ok && area_shown_[static_cast<size_t>(t)][a];
      area_shown[a] = ok;
    }
    // The total: what it adds beyond the area rows and competences shown.
    // Unlike the rows above, it need not be withheld above wherever it is
    // withheld below: a total minus its largest sub-groups that show a
    // total is the sum over all the classes in between (the "residual"),
    // and what that adds beyond the class-level figures is judged on all
    // of their people together. A total withheld below leaves its people
    // to the residual above.
    rows_safe(people, 1, required_open, met_open, [&](uint32_t c) { return area_shown[meta[c].area] ? -1 : 0; });
    std::array<int, 6> residual = people_with[0];
    for (int t : tops_[node]) {
      if (totals_shown_[static_cast<size_t>(t)]) continue;
      for (size_t i = 0; i < residual.size(); ++i) residual[i] += total_residual[static_cast<size_t>(t)][i];
    }
    total_residual[node] = residual;
    bool ok = true;
    for (int count : residual) ok = ok && Safe(count);
    totals_shown_[node] = ok;
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
  if (!shown.required) return shown;
  // Holders: at the group's bar, per class, and their complement.
  const std::vector<int> classes = ClassesUnder(n);
  int highest_required = 0, highest_desired = 0;
  for (int x : classes) {
    for (uint32_t i : class_members_[static_cast<size_t>(x)]) {
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.competence != competence) continue;
        if (e.priority == Priority::kRequired) highest_required = std::max(highest_required, e.target);
        if (e.priority == Priority::kDesired) highest_desired = std::max(highest_desired, e.target);
      }
    }
  }
  const int bar = highest_required > 0 ? highest_required : highest_desired;
  shown.holders = true;
  for (int x : classes) {
    const std::vector<uint32_t>& people = class_members_[static_cast<size_t>(x)];
    int holders = 0;
    for (uint32_t i : people) {
      int current = -1;
      for (const GapEntry& e : members_[i].gap.entries) {
        if (e.competence == competence) {
          current = e.current;
          break;
        }
      }
      if (current < 0) {
        const std::vector<Fact>& facts = members_[i].person->facts;
        auto lo = std::lower_bound(facts.begin(), facts.end(), competence,
                                   [](const Fact& f, uint32_t c) { return f.competence < c; });
        auto hi = lo;
        while (hi != facts.end() && hi->competence == competence) ++hi;
        current = EffectiveAt(facts.data() + (lo - facts.begin()), facts.data() + (hi - facts.begin()), as_of_).level;
      }
      holders += bar > 0 && current >= bar;
    }
    if (!Safe(holders) || !Safe(static_cast<int>(people.size()) - holders)) shown.holders = false;
  }
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

namespace {

absl::Status Withheld(const std::string& what, int k) {
  return absl::PermissionDeniedError(absl::StrCat(
      what, ": figures withheld: with the other answers this token can get they would rest on fewer than ", k,
      " people, and could point at a person"));
}

AggregateUnitTotals Shown(const DisclosurePlan& plan, const Group& g, const UnitTotals& totals) {
  AggregateUnitTotals out;
  out.figures.areas.assign(totals.areas.size(), AreaTotals{});
  out.area_shown.assign(totals.areas.size(), false);
  out.released = plan.Released(g);
  if (!out.released) return out;
  out.figures.people = totals.people;
  out.totals_shown = plan.TotalsShown(g);
  if (out.totals_shown) {
    out.figures.required_total = totals.required_total;
    out.figures.required_met = totals.required_met;
    out.figures.gap_score = totals.gap_score;
  }
  for (size_t a = 0; a < totals.areas.size(); ++a) {
    out.area_shown[a] = plan.AreaShown(g, static_cast<uint32_t>(a));
    if (out.area_shown[a]) out.figures.areas[a] = totals.areas[a];
  }
  return out;
}

}  // namespace

absl::StatusOr<AggregateTeamView> AggregateTeamGap(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                   const std::string& unit_id, bool include_subunits, Time as_of) {
  ASSIGN_OR_RETURN(TeamGapQuery q, QueryTeamGap(index, unit_id, include_subunits, as_of));
  const uint32_t unit = *index.units->Find(unit_id);
  const Group g = include_subunits ? Group::Subtree(unit) : Group::Direct(unit);
  if (!plan.Released(g)) return Withheld(absl::StrCat("org unit '", unit_id, "'"), plan.min_group());
  AggregateTeamView view;
  view.columns = q.gap.columns;
  for (const CoverageResult& cov : q.gap.coverage) {
    AggregateCoverage c;
    c.figures.competence = cov.competence;
    c.shown = plan.Coverage(g, cov.competence);
    if (c.shown.required) c.figures.required_count = cov.required_count;
    if (c.shown.met) c.figures.met_count = cov.met_count;
    if (c.shown.holders) {
      c.figures.holders = cov.holders;
      c.figures.single_point = cov.single_point;
    }
    if (c.shown.mean_gap) c.figures.mean_gap = cov.mean_gap;
    view.coverage.push_back(c);
  }
  return view;
}

absl::StatusOr<AggregateOrgView> AggregateOrgSummary(const IndexSnapshot& index, const DisclosurePlan& plan,
                                                     const std::string& unit_id, int top_n, Time as_of) {
  // Every competence ranked, so that withheld ones can be left out before the cut.
  ASSIGN_OR_RETURN(OrgSummaryQuery q, QueryOrgSummary(index, unit_id, -1, as_of));
  const Group whole = q.unit ? Group::Subtree(*q.unit) : Group::Everyone();
  if (!plan.Released(whole)) {
    return Withheld(unit_id.empty() ? std::string("the organisation") : absl::StrCat("org unit '", unit_id, "'"),
                    plan.min_group());
  }
  AggregateOrgView view;
  view.unit = q.unit;
  view.groups = q.groups;
  view.total = Shown(plan, whole, q.summary.total);
  for (size_t g = 0; g < q.groups.size(); ++g) {
    view.rows.push_back(Shown(plan, Group::Subtree(q.groups[g]), q.summary.groups[g]));
  }
  for (size_t i = 0; i < q.summary.top_gaps.size(); ++i) {
    const TopGapResult& t = q.summary.top_gaps[i];
    if (!plan.MetShown(whole, t.competence)) {
      if (top_n < 0 || i < static_cast<size_t>(top_n)) view.top_gaps_incomplete = true;
      continue;
    }
    if (top_n < 0 || view.top_gaps.size() < static_cast<size_t>(top_n)) view.top_gaps.push_back(t);
  }
  return view;
}

}  // namespace skillpath::core
