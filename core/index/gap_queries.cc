#include "core/index/gap_queries.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace skillpath::core {

absl::StatusOr<const PersonState*> QueryPersonGap(const IndexSnapshot& index, const std::string& person_id,
                                                  Time as_of, PersonGapResult& gap) {
  auto i = index.people.Find(person_id);
  if (!i) return absl::NotFoundError(absl::StrCat("person '", person_id, "' not found"));
  const PersonState* person = index.people.Get(*i);
  ComputeGapOf(index, *person, as_of, gap);
  return person;
}

namespace {
// Orders facts by competence alone, for equal_range over a person's facts.
struct FactsOfCompetence {
  bool operator()(const Fact& f, uint32_t c) const { return f.competence < c; }
  bool operator()(uint32_t c, const Fact& f) const { return c < f.competence; }
};
}  // namespace

void ComputeGapOf(const IndexSnapshot& index, const PersonState& person, Time as_of, PersonGapResult& gap) {
  ComputePersonGap(index.role_sets->merged[person.role_set], person.facts, index.competences->meta, as_of, gap);
}

std::vector<ExpiredRating> ExpiredRatingsOf(const PersonState& person, const PersonGapResult& gap, Time as_of) {
  std::vector<uint32_t> targets;
  for (const GapEntry& e : gap.entries) targets.push_back(e.competence);
  std::sort(targets.begin(), targets.end());
  std::vector<ExpiredRating> out;
  const std::vector<Fact>& facts = person.facts;  // by (competence, assessed_at)
  for (uint32_t c : targets) {
    auto [begin, end] = std::equal_range(facts.begin(), facts.end(), c, FactsOfCompetence{});
    const Fact* latest = nullptr;
    for (auto it = begin; it != end && it->assessed_at <= as_of; ++it) {
      if (it->source != Source::kSelf && it->source != Source::kUnspecified) latest = &*it;
    }
    if (latest && latest->expires_at <= as_of) out.push_back({c, latest});
  }
  return out;
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

std::vector<PlanGoal> PlanGoalsFor(const IndexSnapshot& index, const PersonState& person, const PersonGapResult& gap) {
  const CompetenceTable& competences = *index.competences;
  const RoleSetTable& roles = *index.role_sets;
  // The person's roles with the ones they inherit.
  std::vector<std::string> closure;
  std::set<std::string> seen;
  std::vector<std::string> todo = roles.sets[person.role_set];
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    closure.push_back(id);
    auto it = roles.roles.find(id);
    if (it != roles.roles.end()) todo.insert(todo.end(), it->second.inherits.begin(), it->second.inherits.end());
  }
  std::sort(closure.begin(), closure.end());
  std::map<uint32_t, PlanGoal> goals;
  for (const GapEntry& e : gap.entries) {
    PlanGoal& g = goals[e.competence];
    g.competence_id = competences.ids[e.competence];
    g.competence_name = competences.names[e.competence];
    g.start = e.current;
    g.top = competences.meta[e.competence].top;
    if (e.priority == Priority::kRequired) {
      g.required = e.target;
      g.required_weight = e.weight;
    } else {
      g.desired = e.target;
      g.desired_weight = e.weight;
    }
  }
  std::vector<PlanGoal> out;
  for (auto& [competence, g] : goals) {
    for (const std::string& id : closure) {
      auto it = roles.roles.find(id);
      if (it == roles.roles.end()) continue;
      for (const auto& [c, t] : it->second.targets) {
        if (c == competence) {
          auto name = roles.role_names.find(id);
          g.needed_by.push_back(name == roles.role_names.end() ? id : name->second);
          break;
        }
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace skillpath::core
