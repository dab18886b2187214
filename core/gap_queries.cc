#include "core/gap_queries.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace skillpath::core {

absl::StatusOr<const PersonState*> QueryPersonGap(const IndexSnapshot& index, const std::string& person_id,
                                                  Time as_of, PersonGapResult& gap) {
  auto i = index.people.Find(person_id);
  if (!i) return absl::NotFoundError(absl::StrCat("person '", person_id, "' not found"));
  const PersonState* person = index.people.Get(*i);
  ComputePersonGap(index.role_sets->merged[person->role_set], person->facts, index.competences->meta, as_of, gap);
  return person;
}

absl::StatusOr<TeamGapQuery> QueryTeamGap(const IndexSnapshot& index, const std::string& unit_id,
                                          bool include_subunits, Time as_of) {
  const UnitTable& units = *index.units;
  auto unit = units.Find(unit_id);
  if (!unit) return absl::NotFoundError(absl::StrCat("org unit '", unit_id, "' not found"));
  const std::vector<bool> in_subtree = units.Subtree(*unit);
  TeamGapQuery q;
  for (uint32_t i = 0; i < index.people.size(); ++i) {
    const PersonState* p = index.people.Get(i);
    if (!p || !p->active) continue;
    if (include_subunits ? in_subtree[p->unit] : p->unit == *unit) q.people.push_back(p);
  }
  std::sort(q.people.begin(), q.people.end(), [](const PersonState* a, const PersonState* b) { return a->id < b->id; });
  std::vector<TeamMemberInput> members;
  members.reserve(q.people.size());
  for (size_t i = 0; i < q.people.size(); ++i) {
    members.push_back({&index.role_sets->merged[q.people[i]->role_set], &q.people[i]->facts, static_cast<int32_t>(i)});
  }
  q.gap = ComputeTeamGap(members, index.competences->meta, as_of);
  return q;
}

absl::StatusOr<OrgSummaryQuery> QueryOrgSummary(const IndexSnapshot& index, const std::string& unit_id, int top_n,
                                                Time as_of) {
  const UnitTable& units = *index.units;
  OrgSummaryQuery q;
  if (!unit_id.empty()) {
    q.unit = units.Find(unit_id);
    if (!q.unit) return absl::NotFoundError(absl::StrCat("org unit '", unit_id, "' not found"));
  } else if (units.roots.size() == 1) {
    q.unit = units.roots[0];
  }
  q.groups = q.unit ? units.children[*q.unit] : units.roots;
  // group_of[u]: the group whose subtree holds unit u; -1 for the unit
  // itself; -2 outside the subtree.
  std::vector<int32_t> group_of(units.units.size(), -2);
  if (q.unit) group_of[*q.unit] = -1;
  for (size_t g = 0; g < q.groups.size(); ++g) {
    const std::vector<bool> sub = units.Subtree(q.groups[g]);
    for (size_t u = 0; u < sub.size(); ++u) {
      if (sub[u]) group_of[u] = static_cast<int32_t>(g);
    }
  }
  std::vector<OrgMemberInput> members;
  members.reserve(index.people.size());
  for (uint32_t i = 0; i < index.people.size(); ++i) {
    const PersonState* p = index.people.Get(i);
    if (!p || !p->active || group_of[p->unit] == -2) continue;
    members.push_back({&index.role_sets->merged[p->role_set], &p->facts, group_of[p->unit]});
  }
  q.summary = ComputeOrgSummary(members, q.groups.size(), index.competences->areas.size(), index.competences->meta,
                                as_of, top_n);
  return q;
}

}  // namespace skillpath::core
