#include "db/store/org_store.h"

#include "db/sqlite/database.h"

namespace skillpath::db {

using core::OrgUnit;
using core::Person;
using core::Role;

namespace {
const auto OrgUnitRow = Fields(&OrgUnit::id, &OrgUnit::parent_id, &OrgUnit::name);
const auto RoleRow = Fields(&Role::id, &Role::name, &Role::description);
const auto PersonRow = Fields(&Person::id, &Person::name, &Person::email, &Person::org_unit_id, &Person::active);
const auto TargetRow =
    Fields(&core::Target::competence_id, &core::Target::level, &core::Target::priority, &core::Target::weight);
}  // namespace

absl::StatusOr<std::optional<OrgUnit>> OrgStore::FindOrgUnit(const std::string& id) {
  return GuardedFirstRow("SELECT id, IFNULL(parent_id, ''), name FROM org_units WHERE id = ?", OrgUnitRow, id);
}

absl::StatusOr<std::vector<OrgUnit>> OrgStore::ListOrgUnits() {
  return GuardedRows("SELECT id, IFNULL(parent_id, ''), name FROM org_units ORDER BY id", OrgUnitRow);
}

absl::Status OrgStore::PutOrgUnit(const OrgUnit& u) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO org_units (id, parent_id, name) VALUES (?, NULLIF(?, ''), ?) "
        "ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name",
        u.id, u.parent_id, u.name);
    if (core::ChangeSet* changes = statements_.recorder()) changes->units = true;
    return absl::OkStatus();
  });
}

Role OrgStore::LoadRoleLinks(Role r) {
  r.inherits_role_ids = statements_.Rows("SELECT parent_role_id FROM role_inherits WHERE role_id = ? ORDER BY position",
                                         TextColumn, r.id);
  r.targets = statements_.Rows(
      "SELECT competence_id, level, priority, weight FROM role_targets WHERE role_id = ? ORDER BY position", TargetRow,
      r.id);
  return r;
}

absl::StatusOr<std::optional<Role>> OrgStore::FindRole(const std::string& id) {
  return GuardedFindWithLinks(
      "SELECT id, name, description FROM roles WHERE id = ?", RoleRow,
      [this](Role r) { return LoadRoleLinks(std::move(r)); }, id);
}

absl::StatusOr<std::vector<Role>> OrgStore::ListRoles() {
  return Guard([&]() -> absl::StatusOr<std::vector<Role>> {
    std::vector<Role> roles = statements_.Rows("SELECT id, name, description FROM roles ORDER BY id", RoleRow);
    for (Role& r : roles) r = LoadRoleLinks(std::move(r));
    return roles;
  });
}

absl::Status OrgStore::PutRole(const Role& r) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert = UpsertSql("roles", {"id", "name", "description"});
    statements_.Exec(upsert.c_str(), r.id, r.name, r.description);
    statements_.ReplaceChildRows("DELETE FROM role_inherits WHERE role_id = ?",
                                 "INSERT INTO role_inherits (role_id, parent_role_id, position) VALUES (?, ?, ?)", r.id,
                                 r.inherits_role_ids, BindIdAtPosition);
    statements_.ReplaceChildRows("DELETE FROM role_targets WHERE role_id = ?",
                                 "INSERT INTO role_targets (role_id, competence_id, priority, position, level, weight) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 r.id, r.targets, [](SQLite::Statement& q, int position, const core::Target& t) {
                                   BindAll(q, 2, t.competence_id, static_cast<int>(t.priority), position, t.level,
                                           t.weight);
                                 });
    if (core::ChangeSet* changes = statements_.recorder()) changes->roles = true;
    return absl::OkStatus();
  });
}

Person OrgStore::LoadPersonLinks(Person p) {
  p.role_ids =
      statements_.Rows("SELECT role_id FROM person_roles WHERE person_id = ? ORDER BY position", TextColumn, p.id);
  p.manages_unit_ids = statements_.Rows("SELECT org_unit_id FROM person_manages WHERE person_id = ? ORDER BY position",
                                        TextColumn, p.id);
  return p;
}

absl::StatusOr<std::optional<Person>> OrgStore::FindPerson(const std::string& id) {
  return GuardedFindWithLinks(
      "SELECT id, name, email, org_unit_id, active FROM people WHERE id = ?", PersonRow,
      [this](Person p) { return LoadPersonLinks(std::move(p)); }, id);
}

absl::StatusOr<std::vector<Person>> OrgStore::FindPeopleByEmail(const std::string& email) {
  return Guard([&]() -> absl::StatusOr<std::vector<Person>> {
    std::vector<Person> people = statements_.Rows(
        "SELECT id, name, email, org_unit_id, active FROM people WHERE email = ? COLLATE NOCASE AND email <> '' "
        "ORDER BY id LIMIT 10",
        PersonRow, email);
    for (Person& p : people) p = LoadPersonLinks(std::move(p));
    return people;
  });
}

absl::StatusOr<bool> OrgStore::PersonExists(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<bool> {
    return statements_.FirstRow("SELECT 1 FROM people WHERE id = ?", TextColumn, id).has_value();
  });
}

absl::StatusOr<std::vector<Person>> OrgStore::ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                         const std::string& after_id, int limit) {
  return Guard([&]() -> absl::StatusOr<std::vector<Person>> {
    std::vector<Person> people;
    {
      Query q = org_unit_id.empty() ? statements_.Prepare(
                                          "SELECT id, name, email, org_unit_id, active FROM people WHERE id > ?2 "
                                          "ORDER BY id LIMIT ?3")
                : include_subunits ? statements_.Prepare(
                                         "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL "
                                         "SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id) "
                                         "SELECT id, name, email, org_unit_id, active FROM people "
                                         "WHERE org_unit_id IN sub AND id > ?2 ORDER BY id LIMIT ?3")
                                   : statements_.Prepare(
                                         "SELECT id, name, email, org_unit_id, active FROM people "
                                         "WHERE org_unit_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
      if (!org_unit_id.empty()) q->bind(1, org_unit_id);
      BindAll(*q, 2, after_id, limit);
      while (q->executeStep()) people.push_back(PersonRow(*q));
    }
    for (Person& p : people) p = LoadPersonLinks(std::move(p));
    return people;
  });
}

absl::Status OrgStore::PutPerson(const Person& p) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert = UpsertSql("people", {"id", "name", "email", "org_unit_id", "active"});
    statements_.Exec(upsert.c_str(), p.id, p.name, p.email, p.org_unit_id, p.active ? 1 : 0);
    statements_.ReplaceChildRows("DELETE FROM person_roles WHERE person_id = ?",
                                 "INSERT INTO person_roles (person_id, role_id, position) VALUES (?, ?, ?)", p.id,
                                 p.role_ids, BindIdAtPosition);
    statements_.ReplaceChildRows("DELETE FROM person_manages WHERE person_id = ?",
                                 "INSERT INTO person_manages (person_id, org_unit_id, position) VALUES (?, ?, ?)", p.id,
                                 p.manages_unit_ids, BindIdAtPosition);
    if (core::ChangeSet* changes = statements_.recorder()) changes->people.insert(p.id);
    return absl::OkStatus();
  });
}

absl::Status OrgStore::ForEachPerson(const std::function<void(const Person&)>& fn) {
  return Guard([&]() -> absl::Status {
    // Two ordered scans of the link tables merged with the people scan: no
    // query per person.
    Query people = statements_.Prepare("SELECT id, name, email, org_unit_id, active FROM people ORDER BY id");
    Query roles = statements_.Prepare("SELECT person_id, role_id FROM person_roles ORDER BY person_id, position");
    Query manages =
        statements_.Prepare("SELECT person_id, org_unit_id FROM person_manages ORDER BY person_id, position");
    bool more_roles = roles->executeStep(), more_manages = manages->executeStep();
    // Moves `links` past the rows of people before `id` and appends the
    // second column of `id`'s own rows to `out`.
    auto take = [](Query& links, bool& more, const std::string& id, std::vector<std::string>& out) {
      while (more && links->getColumn(0).getString() < id) more = links->executeStep();
      while (more && links->getColumn(0).getString() == id) {
        out.push_back(links->getColumn(1).getString());
        more = links->executeStep();
      }
    };
    while (people->executeStep()) {
      Person p = PersonRow(*people);
      take(roles, more_roles, p.id, p.role_ids);
      take(manages, more_manages, p.id, p.manages_unit_ids);
      fn(p);
    }
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
