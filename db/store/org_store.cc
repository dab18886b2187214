#include "db/store/org_store.h"

#include "db/sqlite/database.h"

namespace skillpath::db {

using core::OrgUnit;
using core::Person;
using core::Role;

absl::StatusOr<std::optional<OrgUnit>> OrgStore::FindOrgUnit(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<OrgUnit>> {
    Query q = statements_.Prepare("SELECT id, IFNULL(parent_id, ''), name FROM org_units WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return OrgUnit{q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()};
  });
}

absl::StatusOr<std::vector<OrgUnit>> OrgStore::ListOrgUnits() {
  return Guard([&]() -> absl::StatusOr<std::vector<OrgUnit>> {
    std::vector<OrgUnit> out;
    Query q = statements_.Prepare("SELECT id, IFNULL(parent_id, ''), name FROM org_units ORDER BY id");
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
    return out;
  });
}

absl::Status OrgStore::PutOrgUnit(const OrgUnit& u) {
  return Guard([&]() -> absl::Status {
    Query q = statements_.Prepare(
        "INSERT INTO org_units (id, parent_id, name) VALUES (?, NULLIF(?, ''), ?) "
        "ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name");
    q->bind(1, u.id);
    q->bind(2, u.parent_id);
    q->bind(3, u.name);
    q->exec();
    if (core::ChangeSet* changes = statements_.recorder()) changes->units = true;
    return absl::OkStatus();
  });
}

Role OrgStore::LoadRoleLinks(Role r) {
  {
    Query q = statements_.Prepare("SELECT parent_role_id FROM role_inherits WHERE role_id = ? ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) r.inherits_role_ids.push_back(q->getColumn(0).getString());
  }
  Query q = statements_.Prepare(
      "SELECT competence_id, level, priority, weight FROM role_targets WHERE role_id = ? ORDER BY position");
  q->bind(1, r.id);
  while (q->executeStep()) {
    r.targets.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt(),
                         static_cast<core::Priority>(q->getColumn(2).getInt()), q->getColumn(3).getDouble()});
  }
  return r;
}

absl::StatusOr<std::optional<Role>> OrgStore::FindRole(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Role>> {
    Role r;
    {
      Query q = statements_.Prepare("SELECT id, name, description FROM roles WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      r.id = q->getColumn(0).getString();
      r.name = q->getColumn(1).getString();
      r.description = q->getColumn(2).getString();
    }
    return LoadRoleLinks(std::move(r));
  });
}

absl::StatusOr<std::vector<Role>> OrgStore::ListRoles() {
  return Guard([&]() -> absl::StatusOr<std::vector<Role>> {
    std::vector<Role> roles;
    {
      Query q = statements_.Prepare("SELECT id, name, description FROM roles ORDER BY id");
      while (q->executeStep()) {
        Role r;
        r.id = q->getColumn(0).getString();
        r.name = q->getColumn(1).getString();
        r.description = q->getColumn(2).getString();
        roles.push_back(std::move(r));
      }
    }
    for (Role& r : roles) r = LoadRoleLinks(std::move(r));
    return roles;
  });
}

absl::Status OrgStore::PutRole(const Role& r) {
  return Guard([&]() -> absl::Status {
    {
      Query q = statements_.Prepare(
          "INSERT INTO roles (id, name, description) VALUES (?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description");
      q->bind(1, r.id);
      q->bind(2, r.name);
      q->bind(3, r.description);
      q->exec();
    }
    statements_.ReplaceChildRows("DELETE FROM role_inherits WHERE role_id = ?",
                                 "INSERT INTO role_inherits (role_id, parent_role_id, position) VALUES (?, ?, ?)", r.id,
                                 r.inherits_role_ids, BindIdAtPosition);
    statements_.ReplaceChildRows("DELETE FROM role_targets WHERE role_id = ?",
                                 "INSERT INTO role_targets (role_id, competence_id, priority, position, level, weight) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 r.id, r.targets, [](SQLite::Statement& q, int position, const core::Target& t) {
                                   q.bind(2, t.competence_id);
                                   q.bind(3, static_cast<int>(t.priority));
                                   q.bind(4, position);
                                   q.bind(5, t.level);
                                   q.bind(6, t.weight);
                                 });
    if (core::ChangeSet* changes = statements_.recorder()) changes->roles = true;
    return absl::OkStatus();
  });
}

Person OrgStore::LoadPersonLinks(Person p) {
  {
    Query q = statements_.Prepare("SELECT role_id FROM person_roles WHERE person_id = ? ORDER BY position");
    q->bind(1, p.id);
    while (q->executeStep()) p.role_ids.push_back(q->getColumn(0).getString());
  }
  Query q = statements_.Prepare("SELECT org_unit_id FROM person_manages WHERE person_id = ? ORDER BY position");
  q->bind(1, p.id);
  while (q->executeStep()) p.manages_unit_ids.push_back(q->getColumn(0).getString());
  return p;
}

namespace {
Person PersonRow(SQLite::Statement& q) {
  Person p;
  p.id = q.getColumn(0).getString();
  p.name = q.getColumn(1).getString();
  p.email = q.getColumn(2).getString();
  p.org_unit_id = q.getColumn(3).getString();
  p.active = q.getColumn(4).getInt() != 0;
  return p;
}
}  // namespace

absl::StatusOr<std::optional<Person>> OrgStore::FindPerson(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Person>> {
    Person p;
    {
      Query q = statements_.Prepare("SELECT id, name, email, org_unit_id, active FROM people WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      p = PersonRow(*q);
    }
    return LoadPersonLinks(std::move(p));
  });
}

absl::StatusOr<bool> OrgStore::PersonExists(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<bool> {
    Query q = statements_.Prepare("SELECT 1 FROM people WHERE id = ?");
    q->bind(1, id);
    return q->executeStep();
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
      q->bind(2, after_id);
      q->bind(3, limit);
      while (q->executeStep()) people.push_back(PersonRow(*q));
    }
    for (Person& p : people) p = LoadPersonLinks(std::move(p));
    return people;
  });
}

absl::Status OrgStore::PutPerson(const Person& p) {
  return Guard([&]() -> absl::Status {
    {
      Query q = statements_.Prepare(
          "INSERT INTO people (id, name, email, org_unit_id, active) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, "
          "org_unit_id = excluded.org_unit_id, active = excluded.active");
      q->bind(1, p.id);
      q->bind(2, p.name);
      q->bind(3, p.email);
      q->bind(4, p.org_unit_id);
      q->bind(5, p.active ? 1 : 0);
      q->exec();
    }
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
    while (people->executeStep()) {
      Person p = PersonRow(*people);
      while (more_roles && roles->getColumn(0).getString() < p.id) more_roles = roles->executeStep();
      while (more_roles && roles->getColumn(0).getString() == p.id) {
        p.role_ids.push_back(roles->getColumn(1).getString());
        more_roles = roles->executeStep();
      }
      while (more_manages && manages->getColumn(0).getString() < p.id) more_manages = manages->executeStep();
      while (more_manages && manages->getColumn(0).getString() == p.id) {
        p.manages_unit_ids.push_back(manages->getColumn(1).getString());
        more_manages = manages->executeStep();
      }
      fn(p);
    }
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
