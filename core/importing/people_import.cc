// The people half of PlanOrgImport.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/importing/columns.h"
#include "core/model/errors.h"
#include "core/rules/org_links.h"
#include "core/rules/validation.h"

namespace skillpath::core::importing {
namespace {

int PersonFieldOf(const std::string& field) {
  if (field == "name") return kPersonName;
  if (field == "email") return kPersonEmail;
  if (field == "org_unit_id") return kPersonUnit;
  if (field == "position") return kPersonPosition;
  if (field == "manager_id") return kPersonManager;
  if (field.rfind("role_ids", 0) == 0) return kPersonRoles;
  return kPersonId;
}

// Links as the difference shows them: "a, b (import), c (rule, by hand)".
std::string LinksText(const std::vector<std::string>& ids, const std::vector<int>& origins) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < ids.size(); ++i) {
    const int o = i < origins.size() ? origins[i] : kByHand;
    std::vector<std::string> from;
    if (o & kFromImport) from.push_back("import");
    if (o & kFromRule) from.push_back("rule");
    if (o & kFromData) from.push_back("data");
    if ((o & kByHand) && !from.empty()) from.push_back("by hand");
    parts.push_back(from.empty() ? ids[i] : absl::StrCat(ids[i], " (", absl::StrJoin(from, ", "), ")"));
  }
  return absl::StrJoin(parts, ", ");
}

std::vector<FieldChange> Differences(const Person& b, const Person& a) {
  std::vector<FieldChange> out;
  auto field = [&](const char* name, const std::string& x, const std::string& y) {
    if (x != y) out.push_back({name, x, y});
  };
  field("name", b.name, a.name);
  field("email", b.email, a.email);
  field("org_unit_id", b.org_unit_id, a.org_unit_id);
  field("position", b.position, a.position);
  field("manager_id", b.manager_id, a.manager_id);
  field("roles", LinksText(b.role_ids, b.role_origins), LinksText(a.role_ids, a.role_origins));
  field("manages", LinksText(b.manages_unit_ids, b.manages_origins),
        LinksText(a.manages_unit_ids, a.manages_origins));
  field("active", b.active ? "true" : "false", a.active ? "true" : "false");
  return out;
}

struct Row {
  const ImportRow* row;
  std::string id;
  bool bad = false;
};

}  // namespace

absl::Status PlanPeople(Repositories& repos, const ImportTable& table, const ImportOptions& options,
                        OrgImportPlan& plan) {
  ASSIGN_OR_RETURN(MappedColumns cols, MappedColumns::Map(ImportKind::kPeople, table, options));
  ASSIGN_OR_RETURN(std::vector<OrgUnit> unit_list, repos.org.ListOrgUnits());
  std::map<std::string, OrgUnit> units;
  for (OrgUnit& u : unit_list) units.emplace(u.id, std::move(u));
  for (const std::string& u : options.sync_units) {
    if (!units.count(u)) return absl::InvalidArgumentError(absl::StrCat("--sync-unit: unknown unit '", u, "'"));
  }
  ASSIGN_OR_RETURN(std::vector<Role> role_list, repos.org.ListRoles());
  std::set<std::string> roles;
  for (const Role& r : role_list) roles.insert(r.id);
  ASSIGN_OR_RETURN(std::vector<PositionRule> rules, repos.org.ListPositionRules());
  std::map<std::string, Person> stored;
  RETURN_IF_ERROR(repos.org.ForEachPerson([&](const Person& p) {
    Person copy = p;
    NormaliseOrigins(copy);
    stored.emplace(copy.id, std::move(copy));
  }));
  std::map<std::string, Person> people = stored;  // as they will be

  std::map<std::string, int64_t> seen;  // id -> line
  std::map<std::string, std::string> emails;  // lower-case e-mail -> the id of the row that has it
  std::vector<Row> rows;
  for (const ImportRow& row : table.rows) {
    ++plan.rows;
    const std::string* id_cell = cols.Cell(row, kPersonId);
    Row r{&row, id_cell ? *id_cell : ""};
    auto reject = [&](int field, const std::string& message) {
      plan.errors.push_back({row.line, cols.Header(field), r.id, message});
      r.bad = true;
    };
    if (r.id.empty()) {
      reject(kPersonId, "the id is empty");
      continue;
    }
    if (absl::Status s = CheckId("id", r.id); !s.ok()) {
      reject(kPersonId, ProblemOf(s));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(r.id, row.line); !fresh) {
      reject(kPersonId, absl::StrCat("person '", r.id, "' appears again (first on line ", it->second, ")"));
      continue;
    }
    auto old = stored.find(r.id);
    const bool is_new = old == stored.end();
    Person p;
    if (!is_new) {
      p = old->second;
    } else {
      p.id = r.id;
    }
    if (const std::string* c = cols.Cell(row, kPersonName)) p.name = *c;
    if (const std::string* c = cols.Cell(row, kPersonEmail)) p.email = *c;
    if (const std::string* c = cols.Cell(row, kPersonUnit)) p.org_unit_id = *c;
    if (const std::string* c = cols.Cell(row, kPersonPosition)) p.position = *c;
    if (const std::string* c = cols.Cell(row, kPersonManager)) p.manager_id = *c;
    if (const std::string* c = cols.Cell(row, kPersonActive)) {
      std::optional<bool> active = ParseActive(*c);
      if (!active) {
        reject(kPersonActive, absl::StrCat("'", *c, "' is not true/false, yes/no, ja/nei or 1/0"));
      } else {
        p.active = *active;
      }
    } else if (options.sync) {
      p.active = true;  // in the file: employed
    }
    if (const std::string* c = cols.Cell(row, kPersonRoles)) {
      std::vector<std::string> listed;
      for (absl::string_view part : absl::StrSplit(*c, absl::ByAnyChar(",;| \t"), absl::SkipEmpty())) {
        const std::string role(part);
        if (absl::Status s = CheckId("roles", role); !s.ok()) {
          reject(kPersonRoles, ProblemOf(s));
        } else if (!roles.count(role)) {
          reject(kPersonRoles, absl::StrCat("unknown role '", role, "'"));
        } else if (std::find(listed.begin(), listed.end(), role) == listed.end()) {
          listed.push_back(role);
        }
      }
      SetRolesFrom(p, kFromImport, listed);
    }
    if (is_new && (!cols.Has(kPersonName) || !cols.Has(kPersonUnit))) {
      reject(cols.Has(kPersonName) ? kPersonUnit : kPersonName,
             absl::StrCat("a new person needs a ", cols.Has(kPersonName) ? "unit" : "name",
                          ", and the file has no ", cols.Has(kPersonName) ? "org_unit_id" : "name", " column"));
    } else if (absl::Status s = ValidatePersonShape(p); !s.ok()) {
      reject(PersonFieldOf(FieldOf(s)), ProblemOf(s));
    } else if (!units.count(p.org_unit_id)) {
      reject(kPersonUnit, absl::StrCat("unknown unit '", p.org_unit_id, "'"));
    }
    if (!p.email.empty() && cols.Cell(row, kPersonEmail)) {
      auto [it, fresh] = emails.emplace(absl::AsciiStrToLower(p.email), r.id);
      if (!fresh) {
        plan.warnings.push_back({row.line, cols.Header(kPersonEmail), r.id,
                                 absl::StrCat("person '", it->second, "' has the same e-mail; sign-in by e-mail ",
                                              "refuses both until one changes")});
      }
    }
    if (!r.bad) people[r.id] = std::move(p);
    rows.push_back(std::move(r));
  }

  // Managers: stored or in the file.
  for (Row& r : rows) {
    if (r.bad) continue;
    const Person& p = people[r.id];
    if (!p.manager_id.empty() && !people.count(p.manager_id) && !seen.count(p.manager_id)) {
      plan.errors.push_back({r.row->line, cols.Header(kPersonManager), r.id,
                             absl::StrCat("unknown person '", p.manager_id, "': neither stored nor in the file")});
      r.bad = true;
      if (auto old = stored.find(r.id); old != stored.end()) {
        people[r.id] = old->second;
      } else {
        people.erase(r.id);
      }
    }
  }

  // --sync: whoever it covers and the file does not name is deactivated.
  if (options.sync) {
    auto covered = [&](const std::string& unit_id) {
      if (options.sync_units.empty()) return true;
      std::string u = unit_id;
      for (size_t guard = 0; guard <= units.size() && !u.empty(); ++guard) {
        if (std::find(options.sync_units.begin(), options.sync_units.end(), u) != options.sync_units.end()) return true;
        auto it = units.find(u);
        if (it == units.end()) break;
        u = it->second.parent_id;
      }
      return false;
    };
    for (auto& [id, p] : people) {
      if (!seen.count(id) && p.active && stored.count(id) && covered(p.org_unit_id)) {
        p.active = false;
        plan.deactivated_ids.push_back(id);
      }
    }
  }

  // The roles of the position rules, for everyone the file names.
  for (const Row& r : rows) {
    if (!r.bad) SetRolesFrom(people[r.id], kFromRule, RuleRoles(rules, people[r.id].position));
  }
  // The units the data says each person manages.
  std::map<std::string, std::set<std::string>> led;
  for (const auto& [id, u] : units) {
    if (!u.manager_id.empty()) led[u.manager_id].insert(id);
  }
  for (const auto& [id, p] : people) {
    if (!p.manager_id.empty() && p.manager_id != id) led[p.manager_id].insert(p.org_unit_id);
  }
  for (auto& [id, p] : people) {
    auto it = led.find(id);
    SetManagedFrom(p, kFromData,
                   it == led.end() ? std::vector<std::string>{}
                                   : std::vector<std::string>(it->second.begin(), it->second.end()));
  }

  // The difference: the file's rows in order, then everyone else it changed.
  auto compare = [&](const std::string& id, int64_t line) {
    const Person& after = people[id];
    auto old = stored.find(id);
    if (old == stored.end()) {
      ++plan.created;
      plan.changes.push_back({ChangeKind::kCreated, id, after.name, line, {}});
      plan.people.push_back(after);
      return;
    }
    std::vector<FieldChange> fields = Differences(old->second, after);
    if (fields.empty()) {
      if (line) ++plan.unchanged;
      return;
    }
    const bool deactivated = old->second.active && !after.active && !seen.count(id);
    (deactivated ? plan.deactivated : plan.changed)++;
    plan.changes.push_back(
        {deactivated ? ChangeKind::kDeactivated : ChangeKind::kChanged, id, after.name, line, std::move(fields)});
    plan.people.push_back(after);
  };
  for (const Row& r : rows) {
    if (!r.bad) compare(r.id, r.row->line);
  }
  for (const auto& [id, p] : people) {
    if (!seen.count(id)) compare(id, 0);
  }
  return absl::OkStatus();
}

}  // namespace skillpath::core::importing
