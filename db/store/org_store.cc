#include "db/store/org_store.h"

#include <unordered_map>

#include "absl/strings/str_cat.h"


namespace skillpath::db {

using core::OrgUnit;
using core::Person;
using core::Role;

namespace {
const auto OrgUnitRow = Fields(&OrgUnit::id, &OrgUnit::parent_id, &OrgUnit::name, &OrgUnit::manager_id);
const auto RoleRow = Fields(&Role::id, &Role::name, &Role::description);
const auto PersonRow = Fields(&Person::id, &Person::name, &Person::email, &Person::org_unit_id, &Person::active,
                              &Person::position, &Person::manager_id, &Person::weekly_hours, &Person::language,
                              &Person::email_notifications);
// Read with the person; PutPerson leaves the last two (the person's own
// settings, NotifyStore::SetPersonSettings) alone.
#define PERSON_COLUMNS \
  "id, name, email, org_unit_id, active, position, manager_id, weekly_hours, language, email_notifications"
const auto RuleRow =
    Fields(&core::PositionRule::id, &core::PositionRule::position, &core::PositionRule::pattern,
           &core::PositionRule::description);

// A link row's id and Origin bits.
struct Link {
  std::string id;
  int origins = 0;
};
const auto LinkRow = Fields(&Link::id, &Link::origins);

void SplitLinks(const std::vector<Link>& links, std::vector<std::string>& ids, std::vector<int>& origins) {
  for (const Link& l : links) {
    ids.push_back(l.id);
    origins.push_back(l.origins);
  }
}
const auto TargetRow =
    Fields(&core::Target::competence_id, &core::Target::level, &core::Target::priority, &core::Target::weight);
}  // namespace

absl::StatusOr<std::optional<OrgUnit>> OrgStore::FindOrgUnit(const std::string& id) {
  return GuardedFirstRow("SELECT id, COALESCE(parent_id, ''), name, manager_id FROM org_units WHERE id = ?", OrgUnitRow, id);
}

absl::StatusOr<std::vector<OrgUnit>> OrgStore::ListOrgUnits() {
  return GuardedRows("SELECT id, COALESCE(parent_id, ''), name, manager_id FROM org_units ORDER BY id", OrgUnitRow);
}

absl::Status OrgStore::PutOrgUnit(const OrgUnit& u) {
  return Guard([&]() -> absl::Status {
    statements_.Exec(
        "INSERT INTO org_units (id, parent_id, name, manager_id) VALUES (?, NULLIF(?, ''), ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, "
        "manager_id = excluded.manager_id",
        u.id, u.parent_id, u.name, u.manager_id);
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
    statements_.Write(upsert.c_str(), r.id, r.name, r.description);
    statements_.ReplaceChildRows("DELETE FROM role_inherits WHERE role_id = ?",
                                 "INSERT INTO role_inherits (role_id, parent_role_id, position) VALUES (?, ?, ?)", r.id,
                                 r.inherits_role_ids, BindIdAtPosition);
    statements_.ReplaceChildRows("DELETE FROM role_targets WHERE role_id = ?",
                                 "INSERT INTO role_targets (role_id, competence_id, priority, position, level, weight) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 r.id, r.targets, [](Statement& q, int position, const core::Target& t) {
                                   BindAll(q, 2, t.competence_id, static_cast<int>(t.priority), position, t.level,
                                           t.weight);
                                 });
    if (core::ChangeSet* changes = statements_.recorder()) changes->roles = true;
    statements_.Finish();  // what Write sent: its failure is this call's
    return absl::OkStatus();
  });
}

Person OrgStore::LoadPersonLinks(Person p) {
  SplitLinks(statements_.Rows("SELECT role_id, origins FROM person_roles WHERE person_id = ? ORDER BY position",
                              LinkRow, p.id),
             p.role_ids, p.role_origins);
  SplitLinks(
      statements_.Rows("SELECT org_unit_id, origins FROM person_manages WHERE person_id = ? ORDER BY position",
                       LinkRow, p.id),
      p.manages_unit_ids, p.manages_origins);
  return p;
}

absl::StatusOr<std::optional<Person>> OrgStore::FindPerson(const std::string& id) {
  return GuardedFindWithLinks(
      "SELECT " PERSON_COLUMNS " FROM people WHERE id = ?", PersonRow,
      [this](Person p) { return LoadPersonLinks(std::move(p)); }, id);
}

namespace {

constexpr size_t kPeopleChunk = 64;

// "(?, ?, ...)" with kPeopleChunk parameters.
std::string ChunkParameters() {
  std::string out = "(";
  for (size_t i = 0; i < kPeopleChunk; ++i) absl::StrAppend(&out, i ? ", ?" : "?");
  return out + ")";
}

struct PersonLink {
  std::string person_id, id;
  int origins = 0;
};
const auto PersonLinkRow = Fields(&PersonLink::person_id, &PersonLink::id, &PersonLink::origins);

}  // namespace

absl::StatusOr<std::vector<Person>> OrgStore::FindPeople(const std::vector<std::string>& ids) {
  static const std::string in = ChunkParameters();
  static const std::string people_sql = absl::StrCat("SELECT " PERSON_COLUMNS " FROM people WHERE id IN ", in);
  static const std::string roles_sql = absl::StrCat(
      "SELECT person_id, role_id, origins FROM person_roles WHERE person_id IN ", in, " ORDER BY person_id, position");
  static const std::string manages_sql =
      absl::StrCat("SELECT person_id, org_unit_id, origins FROM person_manages WHERE person_id IN ", in,
                   " ORDER BY person_id, position");
  return Guard([&]() -> absl::StatusOr<std::vector<Person>> {
    std::vector<Person> out;
    for (size_t from = 0; from < ids.size(); from += kPeopleChunk) {
      // A short last chunk repeats its first id in the unused places.
      auto bind = [&](Query& q) {
        for (size_t i = 0; i < kPeopleChunk; ++i) {
          BindValue(*q, static_cast<int>(i + 1), TextRef{ids[from + i < ids.size() ? from + i : from]});
        }
      };
      std::unordered_map<std::string, size_t> at;
      {
        Query q = statements_.Prepare(people_sql.c_str());
        bind(q);
        while (q->Step()) {
          at[Columns(*q).Read<std::string>()] = out.size();
          out.push_back(PersonRow(*q));
        }
      }
      for (const auto& [sql, roles] : {std::pair{&roles_sql, true}, std::pair{&manages_sql, false}}) {
        Query q = statements_.Prepare(sql->c_str());
        bind(q);
        while (q->Step()) {
          const PersonLink link = PersonLinkRow(*q);
          auto found = at.find(link.person_id);
          if (found == at.end()) continue;
          Person& p = out[found->second];
          (roles ? p.role_ids : p.manages_unit_ids).push_back(link.id);
          (roles ? p.role_origins : p.manages_origins).push_back(link.origins);
        }
      }
    }
    return out;
  });
}

absl::StatusOr<std::vector<Person>> OrgStore::FindPeopleByEmail(const std::string& email) {
  return Guard([&]() -> absl::StatusOr<std::vector<Person>> {
    // Case folded as each backend's index on email folds it (ASCII only, both).
    std::vector<Person> people = statements_.Rows(
        statements_.dialect() == Dialect::kSqlite
            ? "SELECT " PERSON_COLUMNS " FROM people WHERE email = ? COLLATE NOCASE AND email <> '' "
              "ORDER BY id LIMIT 10"
            : "SELECT " PERSON_COLUMNS " FROM people WHERE lower(email) = lower(?) AND email <> '' "
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
                                          "SELECT " PERSON_COLUMNS " FROM people WHERE id > ?2 "
                                          "ORDER BY id LIMIT ?3")
                : include_subunits ? statements_.Prepare(
                                         "WITH RECURSIVE sub(id) AS (SELECT id FROM org_units WHERE id = ?1 UNION ALL "
                                         "SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id) "
                                         "SELECT " PERSON_COLUMNS " FROM people "
                                         "WHERE org_unit_id IN (SELECT id FROM sub) AND id > ?2 ORDER BY id LIMIT ?3")
                                   : statements_.Prepare(
                                         "SELECT " PERSON_COLUMNS " FROM people "
                                         "WHERE org_unit_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
      if (!org_unit_id.empty()) BindValue(*q, 1, org_unit_id);
      BindAll(*q, 2, after_id, limit);
      while (q->Step()) people.push_back(PersonRow(*q));
    }
    for (Person& p : people) p = LoadPersonLinks(std::move(p));
    return people;
  });
}

absl::Status OrgStore::PutPerson(const Person& p) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert =
        UpsertSql("people", {"id", "name", "email", "org_unit_id", "active", "position", "manager_id", "weekly_hours"});
    statements_.Write(upsert.c_str(), p.id, p.name, p.email, p.org_unit_id, p.active ? 1 : 0, p.position,
                      p.manager_id, p.weekly_hours);
    statements_.DeleteChildRows("DELETE FROM person_roles WHERE person_id = ?", p.id);
    for (size_t i = 0; i < p.role_ids.size(); ++i) {
      statements_.Write("INSERT INTO person_roles (person_id, role_id, position, origins) VALUES (?, ?, ?, ?)", p.id,
                        p.role_ids[i], static_cast<int>(i), p.RoleOrigins(i));
    }
    statements_.DeleteChildRows("DELETE FROM person_manages WHERE person_id = ?", p.id);
    for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
      statements_.Write(
          "INSERT INTO person_manages (person_id, org_unit_id, position, origins) VALUES (?, ?, ?, ?)", p.id,
          p.manages_unit_ids[i], static_cast<int>(i), p.ManagesOrigins(i));
    }
    if (core::ChangeSet* changes = statements_.recorder()) changes->people.insert(p.id);
    statements_.Finish();  // what Write sent: its failure is this call's
    return absl::OkStatus();
  });
}

absl::Status OrgStore::ForEachPerson(const std::function<void(const Person&)>& fn) {
  return Guard([&]() -> absl::Status {
    // Two ordered scans of the link tables merged with the people scan: no
    // query per person.
    Query people = statements_.Prepare("SELECT " PERSON_COLUMNS " FROM people ORDER BY id");
    Query roles =
        statements_.Prepare("SELECT person_id, role_id, origins FROM person_roles ORDER BY person_id, position");
    Query manages = statements_.Prepare(
        "SELECT person_id, org_unit_id, origins FROM person_manages ORDER BY person_id, position");
    bool more_roles = roles->Step(), more_manages = manages->Step();
    // Moves `links` past the rows of people before `id` and appends the
    // id and origins of `id`'s own rows to `ids` and `origins`.
    auto take = [](Query& links, bool& more, const std::string& id, std::vector<std::string>& ids,
                   std::vector<int>& origins) {
      while (more && links->Text(0) < id) more = links->Step();
      while (more && links->Text(0) == id) {
        ids.push_back(links->Text(1));
        origins.push_back(static_cast<int>(links->Int64(2)));
        more = links->Step();
      }
    };
    while (people->Step()) {
      Person p = PersonRow(*people);
      take(roles, more_roles, p.id, p.role_ids, p.role_origins);
      take(manages, more_manages, p.id, p.manages_unit_ids, p.manages_origins);
      fn(p);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> OrgStore::UnitsManagedInData(const std::string& person_id) {
  return GuardedRows(
      "SELECT id FROM org_units WHERE manager_id = ?1 AND manager_id <> '' UNION "
      "SELECT org_unit_id FROM people WHERE manager_id = ?1 AND manager_id <> '' AND id <> ?1 ORDER BY 1",
      TextColumn, person_id);
}

absl::StatusOr<std::vector<core::PositionRule>> OrgStore::ListPositionRules() {
  return Guard([&]() -> absl::StatusOr<std::vector<core::PositionRule>> {
    std::vector<core::PositionRule> rules =
        statements_.Rows("SELECT id, position, pattern, description FROM position_rules ORDER BY id", RuleRow);
    for (core::PositionRule& r : rules) {
      r.role_ids = statements_.Rows("SELECT role_id FROM position_rule_roles WHERE rule_id = ? ORDER BY position",
                                    TextColumn, r.id);
    }
    return rules;
  });
}

absl::Status OrgStore::PutPositionRule(const core::PositionRule& r) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert = UpsertSql("position_rules", {"id", "position", "pattern", "description"});
    statements_.Write(upsert.c_str(), r.id, r.position, r.pattern, r.description);
    statements_.ReplaceChildRows("DELETE FROM position_rule_roles WHERE rule_id = ?",
                                 "INSERT INTO position_rule_roles (rule_id, role_id, position) VALUES (?, ?, ?)", r.id,
                                 r.role_ids, BindIdAtPosition);
    statements_.Finish();  // what Write sent: its failure is this call's
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> OrgStore::DeletePositionRule(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<bool> {
    return statements_.Exec("DELETE FROM position_rules WHERE id = ?", id) > 0;
  });
}

}  // namespace skillpath::db
