#include "core/rules/commands.h"

#include <algorithm>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/gap/gap.h"
#include "core/model/errors.h"
#include "core/rules/org_links.h"
#include "core/rules/validation.h"

namespace skillpath::core {
namespace {

absl::Status UnknownId(absl::string_view field, absl::string_view kind, absl::string_view id) {
  return InvalidField(field, absl::StrCat("unknown ", kind, " '", id, "'"));
}

// The level a target or outcome names must exist on the competence's scale.
absl::Status CheckCompetenceLevel(Repositories& repos, absl::string_view id_field, const std::string& competence_id,
                                  absl::string_view level_field, int level, int min_allowed) {
  ASSIGN_OR_RETURN(std::optional<int> top, repos.frameworks.CompetenceTopLevel(competence_id));
  if (!top) return UnknownId(id_field, "competence", competence_id);
  if (level < min_allowed || level > *top) {
    return InvalidField(level_field, absl::StrCat("level ", level, " is outside the scale of competence '",
                                                  competence_id, "' (", min_allowed, "..", *top, ")"));
  }
  return absl::OkStatus();
}

absl::Status CycleError(absl::string_view field, absl::string_view what, const std::vector<std::string>& cycle) {
  return InvalidField(field, absl::StrCat(what, " would form a cycle: ", absl::StrJoin(cycle, " -> ")));
}

// The links `ids` of `self` (its field `field`: the roles it inherits, the
// resources it requires) each name an existing `kind`, and following links
// from them never leads back to `self` (`what` names the links in the
// error). `links_of(id)` is the links of `id`, nullopt for an unknown id.
template <typename LinksOf>
absl::Status CheckLinks(const std::string& self, const std::vector<std::string>& ids, absl::string_view field,
                        absl::string_view kind, absl::string_view what, const LinksOf& links_of) {
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> links, links_of(ids[i]));
    if (!links) return UnknownId(absl::StrCat(field, "[", i, "]"), kind, ids[i]);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> cycle,
                   FindCycle(self, ids, [&](const std::string& id) -> absl::StatusOr<std::vector<std::string>> {
                     ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> links, links_of(id));
                     if (!links) return std::vector<std::string>{};
                     return *std::move(links);
                   }));
  if (!cycle.empty()) return CycleError(field, what, cycle);
  return absl::OkStatus();
}

}  // namespace

namespace {
// Translations are kept in language order, so every way in (the API, a CSV
// file's columns, a CASE package) stores the same framework the same way.
void SortTranslations(Framework& f) {
  auto sort = [](std::vector<Translation>& t) {
    std::stable_sort(t.begin(), t.end(), [](const Translation& a, const Translation& b) { return a.language < b.language; });
  };
  sort(f.translations);
  for (ScaleLevel& l : f.scale.levels) sort(l.translations);
  for (Area& a : f.areas) {
    sort(a.translations);
    for (Competence& c : a.competences) {
      sort(c.translations);
      for (ScaleLevel& l : c.scale.levels) sort(l.translations);
    }
  }
}
}  // namespace

absl::StatusOr<Framework> UpsertFramework(Repositories& repos, Framework f) {
  RETURN_IF_ERROR(ValidateFrameworkShape(f));
  SortTranslations(f);
  for (size_t a = 0; a < f.areas.size(); ++a) {
    Area& area = f.areas[a];
    ASSIGN_OR_RETURN(std::optional<std::string> owner, repos.frameworks.FrameworkOfArea(area.id));
    if (owner && *owner != f.id) {
      return InvalidField(absl::StrCat("areas[", a, "].id"),
                          absl::StrCat("area '", area.id, "' belongs to framework '", *owner, "'"));
    }
    for (size_t c = 0; c < area.competences.size(); ++c) {
      Competence& comp = area.competences[c];
      comp.area_id = area.id;
      ASSIGN_OR_RETURN(std::optional<std::string> comp_owner, repos.frameworks.FrameworkOfCompetence(comp.id));
      if (comp_owner && *comp_owner != f.id) {
        return InvalidField(absl::StrCat("areas[", a, "].competences[", c, "].id"),
                            absl::StrCat("competence '", comp.id, "' belongs to framework '", *comp_owner, "'"));
      }
    }
  }
  RETURN_IF_ERROR(repos.frameworks.PutFramework(f));
  return f;
}

absl::StatusOr<OrgUnit> UpsertOrgUnit(Repositories& repos, OrgUnit u) {
  RETURN_IF_ERROR(ValidateOrgUnitShape(u));
  if (!u.parent_id.empty()) {
    ASSIGN_OR_RETURN(std::optional<OrgUnit> parent, repos.org.FindOrgUnit(u.parent_id));
    if (!parent) return UnknownId("parent_id", "org unit", u.parent_id);
    ASSIGN_OR_RETURN(std::vector<std::string> cycle,
                     FindCycle(u.id, {u.parent_id}, [&](const std::string& id) -> absl::StatusOr<std::vector<std::string>> {
                       ASSIGN_OR_RETURN(std::optional<OrgUnit> unit, repos.org.FindOrgUnit(id));
                       if (!unit || unit->parent_id.empty()) return std::vector<std::string>{};
                       return std::vector<std::string>{unit->parent_id};
                     }));
    if (!cycle.empty()) return CycleError("parent_id", "this parent", cycle);
  }
  ASSIGN_OR_RETURN(std::optional<OrgUnit> before, repos.org.FindOrgUnit(u.id));
  RETURN_IF_ERROR(repos.org.PutOrgUnit(u));
  if (before && before->manager_id != u.manager_id) RETURN_IF_ERROR(RefreshManagedFromData(repos, before->manager_id));
  if (!before || before->manager_id != u.manager_id) RETURN_IF_ERROR(RefreshManagedFromData(repos, u.manager_id));
  return u;
}

absl::StatusOr<Role> UpsertRole(Repositories& repos, Role r) {
  RETURN_IF_ERROR(ValidateRoleShape(r));
  RETURN_IF_ERROR(CheckLinks(r.id, r.inherits_role_ids, "inherits_role_ids", "role", "this inheritance",
                             [&](const std::string& id) -> absl::StatusOr<std::optional<std::vector<std::string>>> {
                               ASSIGN_OR_RETURN(std::optional<Role> role, repos.org.FindRole(id));
                               if (!role) return std::nullopt;
                               return std::move(role->inherits_role_ids);
                             }));
  for (size_t i = 0; i < r.targets.size(); ++i) {
    Target& t = r.targets[i];
    std::string p = absl::StrCat("targets[", i, "]");
    RETURN_IF_ERROR(CheckCompetenceLevel(repos, p + ".competence_id", t.competence_id, p + ".level", t.level, 1));
    if (t.weight == 0) t.weight = 1;
  }
  RETURN_IF_ERROR(repos.org.PutRole(r));
  return r;
}

absl::StatusOr<Person> UpsertPerson(Repositories& repos, Person p) {
  RETURN_IF_ERROR(ValidatePersonShape(p));
  ASSIGN_OR_RETURN(std::optional<OrgUnit> unit, repos.org.FindOrgUnit(p.org_unit_id));
  if (!unit) return UnknownId("org_unit_id", "org unit", p.org_unit_id);
  for (size_t i = 0; i < p.role_ids.size(); ++i) {
    ASSIGN_OR_RETURN(std::optional<Role> role, repos.org.FindRole(p.role_ids[i]));
    if (!role) return UnknownId(absl::StrCat("role_ids[", i, "]"), "role", p.role_ids[i]);
  }
  for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
    ASSIGN_OR_RETURN(std::optional<OrgUnit> managed, repos.org.FindOrgUnit(p.manages_unit_ids[i]));
    if (!managed) return UnknownId(absl::StrCat("manages_unit_ids[", i, "]"), "org unit", p.manages_unit_ids[i]);
  }
  if (!p.manager_id.empty()) {
    ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(p.manager_id));
    if (!known) return UnknownId("manager_id", "person", p.manager_id);
  }
  ASSIGN_OR_RETURN(std::optional<Person> before, repos.org.FindPerson(p.id));
  // Links kept keep their origins; new ones are by hand.
  auto origins_of = [](const std::vector<std::string>& ids, const std::vector<int>& origins,
                       const std::string& id) -> int {
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == id) return i < origins.size() ? origins[i] : kByHand;
    }
    return kByHand;
  };
  p.role_origins.clear();
  p.manages_origins.clear();
  for (const std::string& id : p.role_ids) {
    p.role_origins.push_back(before ? origins_of(before->role_ids, before->role_origins, id) : kByHand);
  }
  for (const std::string& id : p.manages_unit_ids) {
    p.manages_origins.push_back(before ? origins_of(before->manages_unit_ids, before->manages_origins, id) : kByHand);
  }
  ASSIGN_OR_RETURN(std::vector<PositionRule> rules, repos.org.ListPositionRules());
  SetRolesFrom(p, kFromRule, RuleRoles(rules, p.position));
  ASSIGN_OR_RETURN(std::vector<std::string> led, repos.org.UnitsManagedInData(p.id));
  SetManagedFrom(p, kFromData, led);
  RETURN_IF_ERROR(repos.org.PutPerson(p));
  const bool moved = !before || before->manager_id != p.manager_id || before->org_unit_id != p.org_unit_id;
  if (moved) {
    if (before && before->manager_id != p.manager_id) RETURN_IF_ERROR(RefreshManagedFromData(repos, before->manager_id));
    RETURN_IF_ERROR(RefreshManagedFromData(repos, p.manager_id));  // never `p` itself: not their own manager
  }
  return p;
}

absl::StatusOr<Person> AssignRole(Repositories& repos, const std::string& person_id, const std::string& role_id) {
  RETURN_IF_ERROR(CheckId("person_id", person_id));
  RETURN_IF_ERROR(CheckId("role_id", role_id));
  ASSIGN_OR_RETURN(std::optional<Person> person, repos.org.FindPerson(person_id));
  if (!person) return UnknownId("person_id", "person", person_id);
  ASSIGN_OR_RETURN(std::optional<Role> role, repos.org.FindRole(role_id));
  if (!role) return UnknownId("role_id", "role", role_id);
  NormaliseOrigins(*person);
  auto it = std::find(person->role_ids.begin(), person->role_ids.end(), role_id);
  if (it == person->role_ids.end()) {
    person->role_ids.push_back(role_id);
    person->role_origins.push_back(kByHand);
    RETURN_IF_ERROR(repos.org.PutPerson(*person));
  } else if (int& origins = person->role_origins[static_cast<size_t>(it - person->role_ids.begin())];
             !(origins & kByHand)) {
    origins |= kByHand;
    RETURN_IF_ERROR(repos.org.PutPerson(*person));
  }
  return *person;
}

absl::StatusOr<Person> UnassignRole(Repositories& repos, const std::string& person_id, const std::string& role_id) {
  RETURN_IF_ERROR(CheckId("person_id", person_id));
  RETURN_IF_ERROR(CheckId("role_id", role_id));
  ASSIGN_OR_RETURN(std::optional<Person> person, repos.org.FindPerson(person_id));
  if (!person) return UnknownId("person_id", "person", person_id);
  NormaliseOrigins(*person);
  auto it = std::find(person->role_ids.begin(), person->role_ids.end(), role_id);
  if (it == person->role_ids.end()) {
    return InvalidField("role_id", absl::StrCat("person '", person_id, "' does not have role '", role_id, "'"));
  }
  const size_t i = static_cast<size_t>(it - person->role_ids.begin());
  const int origins = person->role_origins[i];
  if (!(origins & kByHand)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "person '", person_id, "' has role '", role_id, "' from ",
        (origins & kFromImport) && (origins & kFromRule) ? "the HR import and a position rule"
        : (origins & kFromImport)                        ? "the HR import (the roles column)"
                                                         : "a position rule",
        ", not by hand; it goes when that no longer gives it"));
  }
  if (origins == kByHand) {
    person->role_ids.erase(it);
    person->role_origins.erase(person->role_origins.begin() + static_cast<std::ptrdiff_t>(i));
  } else {
    person->role_origins[i] &= ~kByHand;  // still given by the import or a rule
  }
  RETURN_IF_ERROR(repos.org.PutPerson(*person));
  return *person;
}

absl::StatusOr<PositionRule> UpsertPositionRule(Repositories& repos, PositionRule r, std::vector<std::string>* changed) {
  RETURN_IF_ERROR(ValidatePositionRuleShape(r));
  for (size_t i = 0; i < r.role_ids.size(); ++i) {
    ASSIGN_OR_RETURN(std::optional<Role> role, repos.org.FindRole(r.role_ids[i]));
    if (!role) return UnknownId(absl::StrCat("role_ids[", i, "]"), "role", r.role_ids[i]);
  }
  RETURN_IF_ERROR(repos.org.PutPositionRule(r));
  ASSIGN_OR_RETURN(int64_t n, ApplyPositionRulesToAll(repos, changed));
  (void)n;
  return r;
}

absl::Status DeletePositionRule(Repositories& repos, const std::string& id, std::vector<std::string>* changed) {
  RETURN_IF_ERROR(CheckId("id", id));
  ASSIGN_OR_RETURN(bool deleted, repos.org.DeletePositionRule(id));
  if (!deleted) return absl::NotFoundError(absl::StrCat("position rule '", id, "' not found"));
  ASSIGN_OR_RETURN(int64_t n, ApplyPositionRulesToAll(repos, changed));
  (void)n;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<size_t>> PrerequisitesFirst(const std::vector<LearningResource>& resources) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < resources.size(); ++i) {
    auto [it, fresh] = index.emplace(resources[i].id, i);
    if (!fresh) {
      return InvalidField(absl::StrCat("resources[", i, "].id"),
                          absl::StrCat("'", resources[i].id, "' appears twice (also resources[", it->second, "])"));
    }
  }
  std::vector<size_t> order;
  std::vector<int> state(resources.size(), 0);  // 0 new, 1 being placed, 2 placed
  // Depth first from each in list order; an edge back (a cycle) is ignored here.
  std::function<void(size_t)> place = [&](size_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    for (const std::string& p : resources[i].prerequisite_ids) {
      auto it = index.find(p);
      if (it != index.end()) place(it->second);
    }
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < resources.size(); ++i) place(i);
  return order;
}

absl::StatusOr<LearningResource> UpsertResource(Repositories& repos, LearningResource r) {
  RETURN_IF_ERROR(ValidateResourceShape(r));
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const Outcome& o = r.outcomes[i];
    std::string p = absl::StrCat("outcomes[", i, "]");
    ASSIGN_OR_RETURN(std::optional<int> top, repos.frameworks.CompetenceTopLevel(o.competence_id));
    if (!top) return UnknownId(p + ".competence_id", "competence", o.competence_id);
    if (o.reaches_level > *top) {
      return InvalidField(p + ".reaches_level", absl::StrCat("level ", o.reaches_level,
                                                             " is outside the scale of competence '",
                                                             o.competence_id, "' (1..", *top, ")"));
    }
  }
  RETURN_IF_ERROR(CheckLinks(r.id, r.prerequisite_ids, "prerequisite_ids", "resource", "these prerequisites",
                             [&](const std::string& id) -> absl::StatusOr<std::optional<std::vector<std::string>>> {
                               ASSIGN_OR_RETURN(std::optional<LearningResource> res, repos.catalog.FindResource(id));
                               if (!res) return std::nullopt;
                               return std::move(res->prerequisite_ids);
                             }));
  RETURN_IF_ERROR(repos.catalog.PutResource(r));
  return r;
}

absl::Status DeleteResource(Repositories& repos, const std::string& id) {
  RETURN_IF_ERROR(CheckId("id", id));
  ASSIGN_OR_RETURN(std::optional<LearningResource> res, repos.catalog.FindResource(id));
  if (!res) return absl::NotFoundError(absl::StrCat("resource '", id, "' not found"));
  ASSIGN_OR_RETURN(std::vector<std::string> dependents, repos.catalog.DependentsOf(id));
  if (!dependents.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("resource '", id, "' is a prerequisite of ",
                                                      absl::StrJoin(dependents, ", "), "; remove it there first"));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> plans, repos.plans.ActivePlansUsing(id));
  if (!plans.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("resource '", id, "' is a step of active plan",
                                                      plans.size() > 1 ? "s " : " ", absl::StrJoin(plans, ", "),
                                                      "; cancel or complete them first"));
  }
  return repos.catalog.DeleteResource(id);
}

}  // namespace skillpath::core
