#include "core/gap/gap.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace skillpath::core {
namespace {

bool IsValidated(Source s) {
  return s == Source::kManager || s == Source::kEvidence || s == Source::kCertification;
}

double WeightOrOne(double w) { return w > 0 ? w : 1.0; }

// Facts of one competence within a person's sorted facts.
std::pair<const Fact*, const Fact*> FactsOf(const std::vector<Fact>& facts, uint32_t competence) {
  auto lo = std::lower_bound(facts.begin(), facts.end(), competence,
                             [](const Fact& f, uint32_t c) { return f.competence < c; });
  auto hi = lo;
  while (hi != facts.end() && hi->competence == competence) ++hi;
  return {facts.data() + (lo - facts.begin()), facts.data() + (hi - facts.begin())};
}

}  // namespace

Fact FactOf(const Assessment& a, uint32_t competence) {
  Fact f;
  f.competence = competence;
  f.level = static_cast<int16_t>(a.level);
  f.source = a.source;
  f.assessed_at = a.assessed_at;
  f.expires_at = a.expires_at.value_or(kNever);
  return f;
}

Effective EffectiveAt(const Fact* begin, const Fact* end, Time as_of) {
  Effective e;
  const Fact* validated = nullptr;
  const Fact* self = nullptr;
  // In (assessed_at, recorded) order, so the last valid one of a kind is
  // the most recent (and on equal times the one recorded later).
  for (const Fact* f = begin; f != end; ++f) {
    if (f->assessed_at > as_of) break;
    if (f->expires_at <= as_of) continue;
    if (IsValidated(f->source)) {
      validated = f;
    } else if (f->source == Source::kSelf) {
      self = f;
    }
  }
  if (self) e.self_level = self->level;
  if (validated) {
    e.level = validated->level;
    e.source = validated->source;
  } else if (self) {
    e.level = self->level;
    e.source = Source::kSelf;
  }
  return e;
}

std::vector<MergedTarget> MergeTargets(const std::vector<std::string>& role_ids,
                                       const std::function<const RoleTargets*(const std::string&)>& find_role) {
  std::unordered_map<uint32_t, MergedTarget> merged;
  std::unordered_set<std::string> seen;
  std::vector<std::string> pending(role_ids.rbegin(), role_ids.rend());
  while (!pending.empty()) {
    std::string id = std::move(pending.back());
    pending.pop_back();
    if (!seen.insert(id).second) continue;
    const RoleTargets* role = find_role(id);
    if (!role) continue;
    for (const auto& [competence, t] : role->targets) {
      MergedTarget& m = merged[competence];
      m.competence = competence;
      const double w = WeightOrOne(t.weight);
      if (t.priority == Priority::kRequired) {
        m.required = std::max(m.required, t.level);
        m.required_weight = std::max(m.required_weight, w);
      } else if (t.priority == Priority::kDesired) {
        m.desired = std::max(m.desired, t.level);
        m.desired_weight = std::max(m.desired_weight, w);
      }
    }
    for (const std::string& parent : role->inherits) pending.push_back(parent);
  }
  std::vector<MergedTarget> out;
  out.reserve(merged.size());
  for (auto& [c, m] : merged) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const MergedTarget& a, const MergedTarget& b) { return a.competence < b.competence; });
  return out;
}

void ComputePersonGap(const std::vector<MergedTarget>& targets, const std::vector<Fact>& facts,
                      const std::vector<CompetenceMeta>& meta, Time as_of, PersonGapResult& r, bool sort) {
  r.entries.clear();
  r.gap_score = 0;
  r.desired_gap_score = 0;
  r.required_total = 0;
  r.required_met = 0;
  // Both lists are sorted by competence: walk them together.
  auto f = facts.begin();
  for (const MergedTarget& t : targets) {
    while (f != facts.end() && f->competence < t.competence) ++f;
    auto g = f;
    while (g != facts.end() && g->competence == t.competence) ++g;
    const Effective e = EffectiveAt(facts.data() + (f - facts.begin()), facts.data() + (g - facts.begin()), as_of);
    f = g;
    const int top = meta[t.competence].top;
    auto add = [&](Priority priority, int target, double weight) {
      GapEntry entry;
      entry.competence = t.competence;
      entry.priority = priority;
      entry.current = e.level;
      entry.target = target;
      entry.gap = std::max(0, target - e.level);
      entry.weight = weight;
      entry.weighted_gap = weight * entry.gap / top;
      entry.source = e.source;
      entry.self_level = e.self_level;
      entry.met = e.level >= target;
      r.entries.push_back(entry);
      if (priority == Priority::kRequired) {
        r.gap_score += entry.weighted_gap;
        ++r.required_total;
        r.required_met += entry.met;
      } else {
        r.desired_gap_score += entry.weighted_gap;
      }
    };
    if (t.required > 0) add(Priority::kRequired, t.required, WeightOrOne(t.required_weight));
    if (t.desired > t.required) add(Priority::kDesired, t.desired, WeightOrOne(t.desired_weight));
  }
  r.required_met_ratio = r.required_total == 0 ? 1.0 : static_cast<double>(r.required_met) / r.required_total;
  if (sort) {
    std::sort(r.entries.begin(), r.entries.end(), [&](const GapEntry& a, const GapEntry& b) {
      if (a.priority != b.priority) return a.priority == Priority::kRequired;
      if (a.weighted_gap != b.weighted_gap) return a.weighted_gap > b.weighted_gap;
      return meta[a.competence].id_rank < meta[b.competence].id_rank;
    });
  }
}

TeamGapResult ComputeTeamGap(const std::vector<TeamMemberInput>& members, const std::vector<CompetenceMeta>& meta,
                             Time as_of) {
  TeamGapResult out;
  std::vector<PersonGapResult> gaps(members.size());
  std::vector<int32_t> column_of(meta.size(), -1);
  for (size_t m = 0; m < members.size(); ++m) {
    ComputePersonGap(*members[m].targets, *members[m].facts, meta, as_of, gaps[m], /*sort=*/false);
    for (const GapEntry& e : gaps[m].entries) {
      if (column_of[e.competence] < 0) {
        column_of[e.competence] = 0;
        out.columns.push_back(e.competence);
      }
    }
  }
  std::sort(out.columns.begin(), out.columns.end(),
            [&](uint32_t a, uint32_t b) { return meta[a].column < meta[b].column; });
  for (size_t i = 0; i < out.columns.size(); ++i) column_of[out.columns[i]] = static_cast<int32_t>(i);

  const size_t cols = out.columns.size();
  out.coverage.resize(cols);
  std::vector<int> highest_required(cols, 0), highest_desired(cols, 0), cells_with_entry(cols, 0);
  std::vector<double> gap_sum(cols, 0);
  out.rows.resize(members.size());
  for (size_t m = 0; m < members.size(); ++m) {
    TeamRowResult& row = out.rows[m];
    row.member = m;
    row.cells.assign(cols, TeamCellResult{});
    row.gap_score = gaps[m].gap_score;
    row.required_met_ratio = gaps[m].required_met_ratio;
    // Entries are in competence order with REQUIRED before DESIRED for the
    // same competence: the first entry of a competence is the cell.
    int32_t last = -1;
    for (const GapEntry& e : gaps[m].entries) {
      const int32_t c = column_of[e.competence];
      if (e.priority == Priority::kRequired) {
        highest_required[c] = std::max(highest_required[c], e.target);
        CoverageResult& cov = out.coverage[c];
        ++cov.required_count;
        cov.met_count += e.met;
      } else {
        highest_desired[c] = std::max(highest_desired[c], e.target);
      }
      if (c == last) continue;
      last = c;
      row.cells[c] = {e.current, e.target, e.gap, e.priority};
      ++cells_with_entry[c];
      gap_sum[c] += e.gap;
    }
  }
  // Holders: members at or above the highest required level (the highest
  // desired one when nobody requires it), targets or not.
  for (size_t c = 0; c < cols; ++c) {
    CoverageResult& cov = out.coverage[c];
    cov.competence = out.columns[c];
    const int bar = highest_required[c] > 0 ? highest_required[c] : highest_desired[c];
    for (size_t m = 0; m < members.size(); ++m) {
      TeamCellResult& cell = out.rows[m].cells[c];
      if (cell.target == 0) {
        // No target here: the current level still counts for coverage.
        auto [b, e] = FactsOf(*members[m].facts, cov.competence);
        cell.current = EffectiveAt(b, e, as_of).level;
      }
      if (bar > 0 && cell.current >= bar) ++cov.holders;
    }
    cov.mean_gap = cells_with_entry[c] ? gap_sum[c] / cells_with_entry[c] : 0;
    cov.single_point = cov.required_count > 0 && cov.holders <= 1;
  }
  std::sort(out.rows.begin(), out.rows.end(), [&](const TeamRowResult& a, const TeamRowResult& b) {
    if (a.gap_score != b.gap_score) return a.gap_score > b.gap_score;
    return members[a.member].order < members[b.member].order;
  });
  return out;
}

OrgSummaryResult ComputeOrgSummary(const std::vector<OrgMemberInput>& members, size_t groups, size_t areas,
                                   const std::vector<CompetenceMeta>& meta, Time as_of, int top_n) {
  OrgSummaryResult out;
  out.total.areas.assign(areas, AreaTotals{});
  out.groups.assign(groups, UnitTotals{});
  for (UnitTotals& g : out.groups) g.areas.assign(areas, AreaTotals{});
  std::vector<TopGapResult> per_competence(meta.size());
  PersonGapResult scratch;
  for (const OrgMemberInput& m : members) {
    ComputePersonGap(*m.targets, *m.facts, meta, as_of, scratch, /*sort=*/false);
    UnitTotals* group = m.group >= 0 ? &out.groups[static_cast<size_t>(m.group)] : nullptr;
    for (UnitTotals* u : {&out.total, group}) {
      if (!u) continue;
      ++u->people;
      u->required_total += scratch.required_total;
      u->required_met += scratch.required_met;
      u->gap_score += scratch.gap_score;
    }
    for (const GapEntry& e : scratch.entries) {
      if (e.priority != Priority::kRequired) continue;
      const uint32_t area = meta[e.competence].area;
      for (UnitTotals* u : {&out.total, group}) {
        if (!u) continue;
        AreaTotals& a = u->areas[area];
        ++a.required_total;
        a.required_met += e.met;
        a.gap_score += e.weighted_gap;
      }
      if (e.gap > 0) {
        TopGapResult& t = per_competence[e.competence];
        t.competence = e.competence;
        ++t.people_with_gap;
        t.total_weighted_gap += e.weighted_gap;
      }
    }
  }
  for (const TopGapResult& t : per_competence) {
    if (t.people_with_gap > 0) out.top_gaps.push_back(t);
  }
  std::sort(out.top_gaps.begin(), out.top_gaps.end(), [&](const TopGapResult& a, const TopGapResult& b) {
    if (a.total_weighted_gap != b.total_weighted_gap) return a.total_weighted_gap > b.total_weighted_gap;
    return meta[a.competence].id_rank < meta[b.competence].id_rank;
  });
  if (top_n >= 0 && out.top_gaps.size() > static_cast<size_t>(top_n)) out.top_gaps.resize(static_cast<size_t>(top_n));
  return out;
}

}  // namespace skillpath::core
