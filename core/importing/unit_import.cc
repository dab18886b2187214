// The org units half of PlanOrgImport.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/importing/columns.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::core::importing {
namespace {

int UnitFieldOf(const std::string& field) {
  if (field == "name") return kUnitName;
  if (field == "parent_id") return kUnitParent;
  if (field == "manager_id") return kUnitManager;
  return kUnitId;
}

struct Proposed {
  const ImportRow* row;
  OrgUnit unit;
  bool is_new;
  bool bad = false;
};

}  // namespace

absl::Status PlanUnits(Repositories& repos, const ImportTable& table, const ImportOptions& options,
                       OrgImportPlan& plan) {
  if (options.sync) {
    return absl::InvalidArgumentError("--sync: units are never deactivated; --sync applies to a people import");
  }
  ASSIGN_OR_RETURN(MappedColumns cols, MappedColumns::Map(ImportKind::kUnits, table, options));
  ASSIGN_OR_RETURN(std::vector<OrgUnit> stored_list, repos.org.ListOrgUnits());
  std::map<std::string, OrgUnit> stored, final_units;
  for (OrgUnit& u : stored_list) stored.emplace(u.id, std::move(u));
  final_units = stored;

  std::map<std::string, int64_t> seen;  // id -> line
  std::vector<Proposed> proposed;
  for (const ImportRow& row : table.rows) {
    ++plan.rows;
    const std::string* id_cell = cols.Cell(row, kUnitId);
    const std::string id = id_cell ? *id_cell : "";
    auto reject = [&](int field, const std::string& message) {
      plan.errors.push_back({row.line, cols.Header(field), id, message});
    };
    if (id.empty()) {
      reject(kUnitId, "the id is empty");
      continue;
    }
    if (absl::Status s = CheckId("id", id); !s.ok()) {
      reject(kUnitId, ProblemOf(s));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(id, row.line); !fresh) {
      reject(kUnitId, absl::StrCat("unit '", id, "' appears again (first on line ", it->second, ")"));
      continue;
    }
    auto old = stored.find(id);
    Proposed p{&row, old != stored.end() ? old->second : OrgUnit{id, "", "", ""}, old == stored.end()};
    if (const std::string* c = cols.Cell(row, kUnitName)) p.unit.name = *c;
    if (const std::string* c = cols.Cell(row, kUnitParent)) p.unit.parent_id = *c;
    if (const std::string* c = cols.Cell(row, kUnitManager)) p.unit.manager_id = *c;
    final_units[id] = p.unit;  // other rows may name it as their parent
    if (p.is_new && !cols.Has(kUnitName)) {
      reject(kUnitName, "a new unit needs a name, and the file has no name column");
      p.bad = true;
    } else if (absl::Status s = ValidateOrgUnitShape(p.unit); !s.ok()) {
      reject(UnitFieldOf(FieldOf(s)), ProblemOf(s));
      p.bad = true;
    }
    proposed.push_back(std::move(p));
  }

  // Parents: stored or in the file, and no cycle through the new links.
  std::set<std::string> in_cycle;
  for (Proposed& p : proposed) {
    if (p.bad || p.unit.parent_id.empty()) continue;
    auto reject = [&](const std::string& message) {
      plan.errors.push_back({p.row->line, cols.Header(kUnitParent), p.unit.id, message});
      p.bad = true;
    };
    if (!final_units.count(p.unit.parent_id)) {
      reject(absl::StrCat("unknown unit '", p.unit.parent_id, "': neither stored nor in the file"));
      continue;
    }
    std::vector<std::string> path = {p.unit.id};
    std::set<std::string> visited = {p.unit.id};
    for (std::string u = p.unit.parent_id; !u.empty();) {
      path.push_back(u);
      if (u == p.unit.id) {
        if (!in_cycle.count(p.unit.id)) {
          reject(absl::StrCat("the units would form a cycle: ", absl::StrJoin(path, " -> ")));
        } else {
          p.bad = true;
        }
        in_cycle.insert(path.begin(), path.end());
        break;
      }
      if (!visited.insert(u).second) break;  // a cycle that does not pass this unit: reported at its own rows
      auto it = final_units.find(u);
      if (it == final_units.end()) break;
      u = it->second.parent_id;
    }
  }

  std::set<std::string> managers;
  for (const Proposed& p : proposed) {
    if (p.bad) continue;
    auto old = stored.find(p.unit.id);
    EntityChange change{ChangeKind::kCreated, p.unit.id, p.unit.name, p.row->line, {}};
    if (!p.is_new) {
      const OrgUnit& b = old->second;
      change.kind = ChangeKind::kChanged;
      if (b.name != p.unit.name) change.fields.push_back({"name", b.name, p.unit.name});
      if (b.parent_id != p.unit.parent_id) change.fields.push_back({"parent_id", b.parent_id, p.unit.parent_id});
      if (b.manager_id != p.unit.manager_id) change.fields.push_back({"manager_id", b.manager_id, p.unit.manager_id});
      if (change.fields.empty()) {
        ++plan.unchanged;
        continue;
      }
      if (b.manager_id != p.unit.manager_id) managers.insert(b.manager_id);
    }
    (p.is_new ? plan.created : plan.changed)++;
    if (!p.unit.manager_id.empty()) {
      managers.insert(p.unit.manager_id);
      ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(p.unit.manager_id));
      if (!known) {
        plan.warnings.push_back({p.row->line, cols.Header(kUnitManager), p.unit.id,
                                 absl::StrCat("manager '", p.unit.manager_id,
                                              "' is not a person yet: they manage the unit once a people import "
                                              "brings them in")});
      }
    }
    plan.changes.push_back(std::move(change));
    plan.units.push_back(p.unit);
  }
  managers.erase("");
  plan.refresh_managers.assign(managers.begin(), managers.end());

  // Parents first, as the foreign key wants: by depth in the final tree.
  auto depth = [&](const std::string& id) {
    int d = 0;
    for (std::string u = id; d <= static_cast<int>(final_units.size());) {
      auto it = final_units.find(u);
      if (it == final_units.end() || it->second.parent_id.empty()) break;
      u = it->second.parent_id;
      ++d;
    }
    return d;
  };
  std::map<std::string, int> depths;
  for (const OrgUnit& u : plan.units) depths[u.id] = depth(u.id);
  std::stable_sort(plan.units.begin(), plan.units.end(),
                   [&](const OrgUnit& a, const OrgUnit& b) { return depths[a.id] < depths[b.id]; });
  return absl::OkStatus();
}

}  // namespace skillpath::core::importing
