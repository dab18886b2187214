#include "db/store.h"

#include <limits>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "db/database.h"

namespace skillpath::db {

using core::Assessment;
using core::Framework;
using core::LearningResource;
using core::OrgUnit;
using core::Person;
using core::Role;

// A borrowed cached statement that is reset when the borrower is done, so no
// statement keeps a read transaction open between calls.
class SqliteStore::Query {
 public:
  explicit Query(SQLite::Statement& s) : s_(s) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    s_.tryReset();
    try {
      s_.clearBindings();  // sqlite3_clear_bindings cannot fail
    } catch (...) {
    }
  }
  SQLite::Statement* operator->() { return &s_; }
  SQLite::Statement& operator*() { return s_; }

 private:
  SQLite::Statement& s_;
};

SqliteStore::SqliteStore(SQLite::Database& db) : db_(db) {}
SqliteStore::~SqliteStore() = default;

SqliteStore::Query SqliteStore::Prepare(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
  return Query(*slot);
}

namespace {

std::optional<std::string> OptionalText(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

}  // namespace

// ---------------------------------------------------------------------------
// Frameworks

core::Scale SqliteStore::LoadScale(const char* sql, const std::string& owner_id) {
  core::Scale scale;
  Query q = Prepare(sql);
  q->bind(1, owner_id);
  while (q->executeStep()) {
    scale.levels.push_back({q->getColumn(0).getInt(), q->getColumn(1).getString(), q->getColumn(2).getString()});
  }
  return scale;
}

Framework SqliteStore::LoadFramework(const std::string& id, bool* found) {
  Framework f;
  {
    Query q = Prepare("SELECT id, name, version, description, source_uri FROM frameworks WHERE id = ?");
    q->bind(1, id);
    *found = q->executeStep();
    if (!*found) return f;
    f.id = q->getColumn(0).getString();
    f.name = q->getColumn(1).getString();
    f.version = q->getColumn(2).getString();
    f.description = q->getColumn(3).getString();
    f.source_uri = q->getColumn(4).getString();
  }
  f.scale = LoadScale("SELECT level, name, description FROM framework_levels WHERE framework_id = ? ORDER BY level", id);
  {
    Query q = Prepare("SELECT id, name, description FROM areas WHERE framework_id = ? ORDER BY position");
    q->bind(1, id);
    while (q->executeStep()) {
      f.areas.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(), {}});
    }
  }
  for (core::Area& area : f.areas) {
    {
      Query q = Prepare("SELECT id, name, description FROM competences WHERE area_id = ? ORDER BY position");
      q->bind(1, area.id);
      while (q->executeStep()) {
        core::Competence c;
        c.id = q->getColumn(0).getString();
        c.area_id = area.id;
        c.name = q->getColumn(1).getString();
        c.description = q->getColumn(2).getString();
        area.competences.push_back(std::move(c));
      }
    }
    for (core::Competence& c : area.competences) {
      c.scale = LoadScale(
          "SELECT level, name, description FROM competence_levels WHERE competence_id = ? ORDER BY level", c.id);
    }
  }
  return f;
}

absl::StatusOr<std::optional<Framework>> SqliteStore::FindFramework(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Framework>> {
    bool found = false;
    Framework f = LoadFramework(id, &found);
    if (!found) return std::nullopt;
    return f;
  });
}

absl::StatusOr<std::vector<Framework>> SqliteStore::ListFrameworks() {
  return Guard([&]() -> absl::StatusOr<std::vector<Framework>> {
    std::vector<std::string> ids;
    {
      Query q = Prepare("SELECT id FROM frameworks ORDER BY id");
      while (q->executeStep()) ids.push_back(q->getColumn(0).getString());
    }
    std::vector<Framework> out;
    for (const std::string& id : ids) {
      bool found = false;
      out.push_back(LoadFramework(id, &found));
    }
    return out;
  });
}

absl::Status SqliteStore::PutFramework(const Framework& f) {
  return Guard([&]() -> absl::Status {
    {
      Query q = Prepare(
          "INSERT INTO frameworks (id, name, version, description, source_uri) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET name = excluded.name, version = excluded.version, "
          "description = excluded.description, source_uri = excluded.source_uri");
      q->bind(1, f.id);
      q->bind(2, f.name);
      q->bind(3, f.version);
      q->bind(4, f.description);
      q->bind(5, f.source_uri);
      q->exec();
    }
    {
      Query q = Prepare("DELETE FROM framework_levels WHERE framework_id = ?");
      q->bind(1, f.id);
      q->exec();
    }
    for (const core::ScaleLevel& l : f.scale.levels) {
      Query q = Prepare("INSERT INTO framework_levels (framework_id, level, name, description) VALUES (?, ?, ?, ?)");
      q->bind(1, f.id);
      q->bind(2, l.level);
      q->bind(3, l.name);
      q->bind(4, l.description);
      q->exec();
    }
    std::unordered_set<std::string> keep_areas, keep_competences;
    for (size_t a = 0; a < f.areas.size(); ++a) {
      const core::Area& area = f.areas[a];
      keep_areas.insert(area.id);
      {
        Query q = Prepare(
            "INSERT INTO areas (id, framework_id, position, name, description) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET framework_id = excluded.framework_id, position = excluded.position, "
            "name = excluded.name, description = excluded.description");
        q->bind(1, area.id);
        q->bind(2, f.id);
        q->bind(3, static_cast<int>(a));
        q->bind(4, area.name);
        q->bind(5, area.description);
        q->exec();
      }
      for (size_t c = 0; c < area.competences.size(); ++c) {
        const core::Competence& comp = area.competences[c];
        keep_competences.insert(comp.id);
        {
          Query q = Prepare(
              "INSERT INTO competences (id, framework_id, area_id, position, name, description, top_level) "
              "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET framework_id = excluded.framework_id, "
              "area_id = excluded.area_id, position = excluded.position, name = excluded.name, "
              "description = excluded.description, top_level = excluded.top_level");
          q->bind(1, comp.id);
          q->bind(2, f.id);
          q->bind(3, area.id);
          q->bind(4, static_cast<int>(c));
          q->bind(5, comp.name);
          q->bind(6, comp.description);
          q->bind(7, comp.scale.empty() ? f.scale.Top() : comp.scale.Top());
          q->exec();
        }
        {
          Query q = Prepare("DELETE FROM competence_levels WHERE competence_id = ?");
          q->bind(1, comp.id);
          q->exec();
        }
        for (const core::ScaleLevel& l : comp.scale.levels) {
          Query q = Prepare(
              "INSERT INTO competence_levels (competence_id, level, name, description) VALUES (?, ?, ?, ?)");
          q->bind(1, comp.id);
          q->bind(2, l.level);
          q->bind(3, l.name);
          q->bind(4, l.description);
          q->exec();
        }
      }
    }
    // Competences and areas this version drops; a dropped competence must not
    // be referenced any more.
    std::vector<std::string> drop_competences, drop_areas;
    {
      Query q = Prepare("SELECT id FROM competences WHERE framework_id = ?");
      q->bind(1, f.id);
      while (q->executeStep()) {
        std::string id = q->getColumn(0).getString();
        if (!keep_competences.count(id)) drop_competences.push_back(std::move(id));
      }
    }
    for (const std::string& id : drop_competences) {
      Query used = Prepare(
          "SELECT EXISTS (SELECT 1 FROM role_targets WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM assessments WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM resource_outcomes WHERE competence_id = ?1)");
      used->bind(1, id);
      used->executeStep();
      if (used->getColumn(0).getInt() != 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "areas: competence '", id,
            "' is left out but still used by role targets, assessments or resource outcomes; keep it"));
      }
      Query q = Prepare("DELETE FROM competences WHERE id = ?");
      q->bind(1, id);
      q->exec();
    }
    {
      Query q = Prepare("SELECT id FROM areas WHERE framework_id = ?");
      q->bind(1, f.id);
      while (q->executeStep()) {
        std::string id = q->getColumn(0).getString();
        if (!keep_areas.count(id)) drop_areas.push_back(std::move(id));
      }
    }
    for (const std::string& id : drop_areas) {
      Query q = Prepare("DELETE FROM areas WHERE id = ?");
      q->bind(1, id);
      q->exec();
    }
    if (recorder_) recorder_->frameworks = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<std::string>> SqliteStore::FrameworkOfArea(const std::string& area_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = Prepare("SELECT framework_id FROM areas WHERE id = ?");
    q->bind(1, area_id);
    return OptionalText(*q);
  });
}

absl::StatusOr<std::optional<std::string>> SqliteStore::FrameworkOfCompetence(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = Prepare("SELECT framework_id FROM competences WHERE id = ?");
    q->bind(1, competence_id);
    return OptionalText(*q);
  });
}

absl::StatusOr<std::optional<int>> SqliteStore::CompetenceTopLevel(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<int>> {
    Query q = Prepare("SELECT top_level FROM competences WHERE id = ?");
    q->bind(1, competence_id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt();
  });
}

// ---------------------------------------------------------------------------
// Organisation

absl::StatusOr<std::optional<OrgUnit>> SqliteStore::FindOrgUnit(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<OrgUnit>> {
    Query q = Prepare("SELECT id, IFNULL(parent_id, ''), name FROM org_units WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return OrgUnit{q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()};
  });
}

absl::StatusOr<std::vector<OrgUnit>> SqliteStore::ListOrgUnits() {
  return Guard([&]() -> absl::StatusOr<std::vector<OrgUnit>> {
    std::vector<OrgUnit> out;
    Query q = Prepare("SELECT id, IFNULL(parent_id, ''), name FROM org_units ORDER BY id");
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
    return out;
  });
}

absl::Status SqliteStore::PutOrgUnit(const OrgUnit& u) {
  return Guard([&]() -> absl::Status {
    Query q = Prepare(
        "INSERT INTO org_units (id, parent_id, name) VALUES (?, NULLIF(?, ''), ?) "
        "ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name");
    q->bind(1, u.id);
    q->bind(2, u.parent_id);
    q->bind(3, u.name);
    q->exec();
    if (recorder_) recorder_->units = true;
    return absl::OkStatus();
  });
}

Role SqliteStore::LoadRoleLinks(Role r) {
  {
    Query q = Prepare("SELECT parent_role_id FROM role_inherits WHERE role_id = ? ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) r.inherits_role_ids.push_back(q->getColumn(0).getString());
  }
  Query q = Prepare(
      "SELECT competence_id, level, priority, weight FROM role_targets WHERE role_id = ? ORDER BY position");
  q->bind(1, r.id);
  while (q->executeStep()) {
    r.targets.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt(),
                         static_cast<core::Priority>(q->getColumn(2).getInt()), q->getColumn(3).getDouble()});
  }
  return r;
}

absl::StatusOr<std::optional<Role>> SqliteStore::FindRole(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Role>> {
    Role r;
    {
      Query q = Prepare("SELECT id, name, description FROM roles WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      r.id = q->getColumn(0).getString();
      r.name = q->getColumn(1).getString();
      r.description = q->getColumn(2).getString();
    }
    return LoadRoleLinks(std::move(r));
  });
}

absl::StatusOr<std::vector<Role>> SqliteStore::ListRoles() {
  return Guard([&]() -> absl::StatusOr<std::vector<Role>> {
    std::vector<Role> roles;
    {
      Query q = Prepare("SELECT id, name, description FROM roles ORDER BY id");
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

absl::Status SqliteStore::PutRole(const Role& r) {
  return Guard([&]() -> absl::Status {
    {
      Query q = Prepare(
          "INSERT INTO roles (id, name, description) VALUES (?, ?, ?) "
          "ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description");
      q->bind(1, r.id);
      q->bind(2, r.name);
      q->bind(3, r.description);
      q->exec();
    }
    {
      Query q = Prepare("DELETE FROM role_inherits WHERE role_id = ?");
      q->bind(1, r.id);
      q->exec();
    }
    for (size_t i = 0; i < r.inherits_role_ids.size(); ++i) {
      Query q = Prepare("INSERT INTO role_inherits (role_id, parent_role_id, position) VALUES (?, ?, ?)");
      q->bind(1, r.id);
      q->bind(2, r.inherits_role_ids[i]);
      q->bind(3, static_cast<int>(i));
      q->exec();
    }
    {
      Query q = Prepare("DELETE FROM role_targets WHERE role_id = ?");
      q->bind(1, r.id);
      q->exec();
    }
    for (size_t i = 0; i < r.targets.size(); ++i) {
      const core::Target& t = r.targets[i];
      Query q = Prepare(
          "INSERT INTO role_targets (role_id, competence_id, priority, position, level, weight) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      q->bind(1, r.id);
      q->bind(2, t.competence_id);
      q->bind(3, static_cast<int>(t.priority));
      q->bind(4, static_cast<int>(i));
      q->bind(5, t.level);
      q->bind(6, t.weight);
      q->exec();
    }
    if (recorder_) recorder_->roles = true;
    return absl::OkStatus();
  });
}

Person SqliteStore::LoadPersonLinks(Person p) {
  {
    Query q = Prepare("SELECT role_id FROM person_roles WHERE person_id = ? ORDER BY position");
    q->bind(1, p.id);
    while (q->executeStep()) p.role_ids.push_back(q->getColumn(0).getString());
  }
  Query q = Prepare("SELECT org_unit_id FROM person_manages WHERE person_id = ? ORDER BY position");
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

absl::StatusOr<std::optional<Person>> SqliteStore::FindPerson(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Person>> {
    Person p;
    {
      Query q = Prepare("SELECT id, name, email, org_unit_id, active FROM people WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      p = PersonRow(*q);
    }
    return LoadPersonLinks(std::move(p));
  });
}

absl::StatusOr<bool> SqliteStore::PersonExists(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<bool> {
    Query q = Prepare("SELECT 1 FROM people WHERE id = ?");
    q->bind(1, id);
    return q->executeStep();
  });
}

absl::StatusOr<std::vector<Person>> SqliteStore::ListPeople(const std::string& org_unit_id, bool include_subunits,
                                                            const std::string& after_id, int limit) {
  return Guard([&]() -> absl::StatusOr<std::vector<Person>> {
    std::vector<Person> people;
    {
      Query q = org_unit_id.empty()
                    ? Prepare("SELECT id, name, email, org_unit_id, active FROM people WHERE id > ?2 "
                              "ORDER BY id LIMIT ?3")
                : include_subunits
                    ? Prepare("WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL "
                              "SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id) "
                              "SELECT id, name, email, org_unit_id, active FROM people "
                              "WHERE org_unit_id IN sub AND id > ?2 ORDER BY id LIMIT ?3")
                    : Prepare("SELECT id, name, email, org_unit_id, active FROM people "
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

absl::Status SqliteStore::PutPerson(const Person& p) {
  return Guard([&]() -> absl::Status {
    {
      Query q = Prepare(
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
    {
      Query q = Prepare("DELETE FROM person_roles WHERE person_id = ?");
      q->bind(1, p.id);
      q->exec();
    }
    for (size_t i = 0; i < p.role_ids.size(); ++i) {
      Query q = Prepare("INSERT INTO person_roles (person_id, role_id, position) VALUES (?, ?, ?)");
      q->bind(1, p.id);
      q->bind(2, p.role_ids[i]);
      q->bind(3, static_cast<int>(i));
      q->exec();
    }
    {
      Query q = Prepare("DELETE FROM person_manages WHERE person_id = ?");
      q->bind(1, p.id);
      q->exec();
    }
    for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
      Query q = Prepare("INSERT INTO person_manages (person_id, org_unit_id, position) VALUES (?, ?, ?)");
      q->bind(1, p.id);
      q->bind(2, p.manages_unit_ids[i]);
      q->bind(3, static_cast<int>(i));
      q->exec();
    }
    if (recorder_) recorder_->people.insert(p.id);
    return absl::OkStatus();
  });
}

// ---------------------------------------------------------------------------
// Assessments

namespace {
constexpr const char* kAssessmentColumns =
    "id, person_id, competence_id, level, source, assessor_id, assessed_at, expires_at, note, evidence_uri";

Assessment AssessmentRow(SQLite::Statement& q) {
  Assessment a;
  a.id = q.getColumn(0).getString();
  a.person_id = q.getColumn(1).getString();
  a.competence_id = q.getColumn(2).getString();
  a.level = q.getColumn(3).getInt();
  a.source = static_cast<core::Source>(q.getColumn(4).getInt());
  a.assessor_id = q.getColumn(5).getString();
  a.assessed_at = q.getColumn(6).getInt64();
  if (!q.getColumn(7).isNull()) a.expires_at = q.getColumn(7).getInt64();
  a.note = q.getColumn(8).getString();
  a.evidence_uri = q.getColumn(9).getString();
  return a;
}
}  // namespace

absl::StatusOr<std::optional<Assessment>> SqliteStore::FindAssessment(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Assessment>> {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments WHERE id = ?");
    Query q = Prepare(sql.c_str());
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return AssessmentRow(*q);
  });
}

absl::Status SqliteStore::AppendAssessment(const Assessment& a) {
  return Guard([&]() -> absl::Status {
    Query q = Prepare(
        "INSERT INTO assessments (id, person_id, competence_id, level, source, assessor_id, assessed_at, "
        "expires_at, note, evidence_uri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, a.id);
    q->bind(2, a.person_id);
    q->bind(3, a.competence_id);
    q->bind(4, a.level);
    q->bind(5, static_cast<int>(a.source));
    q->bind(6, a.assessor_id);
    q->bind(7, static_cast<int64_t>(a.assessed_at));
    if (a.expires_at) q->bind(8, static_cast<int64_t>(*a.expires_at));
    q->bind(9, a.note);
    q->bind(10, a.evidence_uri);
    q->exec();
    if (recorder_) recorder_->assessments.push_back(a);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<Assessment>> SqliteStore::ListAssessments(const std::string& person_id,
                                                                     const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<Assessment>> {
    static const std::string all = absl::StrCat("SELECT ", kAssessmentColumns,
                                                " FROM assessments WHERE person_id = ? ORDER BY assessed_at, seq");
    static const std::string one = absl::StrCat(
        "SELECT ", kAssessmentColumns,
        " FROM assessments WHERE person_id = ? AND competence_id = ? ORDER BY assessed_at, seq");
    Query q = Prepare(competence_id.empty() ? all.c_str() : one.c_str());
    q->bind(1, person_id);
    if (!competence_id.empty()) q->bind(2, competence_id);
    std::vector<Assessment> out;
    while (q->executeStep()) out.push_back(AssessmentRow(*q));
    return out;
  });
}

absl::StatusOr<int64_t> SqliteStore::PurgeAssessmentsBefore(core::Time cutoff) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    Query q = Prepare("DELETE FROM assessments WHERE assessed_at < ?");
    q->bind(1, static_cast<int64_t>(cutoff));
    const int64_t removed = q->exec();
    if (recorder_ && removed > 0) recorder_->purged = true;
    return removed;
  });
}

// ---------------------------------------------------------------------------
// Catalogue

LearningResource SqliteStore::LoadResourceLinks(LearningResource r) {
  {
    Query q = Prepare(
        "SELECT competence_id, min_level, reaches_level FROM resource_outcomes WHERE resource_id = ? "
        "ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) {
      r.outcomes.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt(), q->getColumn(2).getInt()});
    }
  }
  {
    Query q = Prepare("SELECT prereq_id FROM resource_prerequisites WHERE resource_id = ? ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) r.prerequisite_ids.push_back(q->getColumn(0).getString());
  }
  Query q = Prepare(
      "SELECT id, start_at, end_at, capacity, location, fixed_cost FROM resource_sessions WHERE resource_id = ? "
      "ORDER BY position");
  q->bind(1, r.id);
  while (q->executeStep()) {
    r.sessions.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                          q->getColumn(3).getInt(), q->getColumn(4).getString(), q->getColumn(5).getDouble()});
  }
  return r;
}

namespace {
LearningResource ResourceRow(SQLite::Statement& q) {
  LearningResource r;
  r.id = q.getColumn(0).getString();
  r.title = q.getColumn(1).getString();
  r.provider = q.getColumn(2).getString();
  r.mode = static_cast<core::Mode>(q.getColumn(3).getInt());
  r.hours = q.getColumn(4).getDouble();
  r.cost = q.getColumn(5).getDouble();
  r.language = q.getColumn(6).getString();
  r.url = q.getColumn(7).getString();
  return r;
}
}  // namespace

absl::StatusOr<std::optional<LearningResource>> SqliteStore::FindResource(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<LearningResource>> {
    LearningResource r;
    {
      Query q = Prepare("SELECT id, title, provider, mode, hours, cost, language, url FROM resources WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      r = ResourceRow(*q);
    }
    return LoadResourceLinks(std::move(r));
  });
}

absl::StatusOr<std::vector<LearningResource>> SqliteStore::ListResources(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<LearningResource>> {
    std::vector<LearningResource> out;
    {
      Query q = competence_id.empty()
                    ? Prepare("SELECT id, title, provider, mode, hours, cost, language, url FROM resources ORDER BY id")
                    : Prepare("SELECT r.id, r.title, r.provider, r.mode, r.hours, r.cost, r.language, r.url "
                              "FROM resources r JOIN resource_outcomes o ON o.resource_id = r.id "
                              "WHERE o.competence_id = ? ORDER BY r.id");
      if (!competence_id.empty()) q->bind(1, competence_id);
      while (q->executeStep()) out.push_back(ResourceRow(*q));
    }
    for (LearningResource& r : out) r = LoadResourceLinks(std::move(r));
    return out;
  });
}

absl::Status SqliteStore::PutResource(const LearningResource& r) {
  return Guard([&]() -> absl::Status {
    {
      Query q = Prepare(
          "INSERT INTO resources (id, title, provider, mode, hours, cost, language, url) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title, "
          "provider = excluded.provider, mode = excluded.mode, hours = excluded.hours, cost = excluded.cost, "
          "language = excluded.language, url = excluded.url");
      q->bind(1, r.id);
      q->bind(2, r.title);
      q->bind(3, r.provider);
      q->bind(4, static_cast<int>(r.mode));
      q->bind(5, r.hours);
      q->bind(6, r.cost);
      q->bind(7, r.language);
      q->bind(8, r.url);
      q->exec();
    }
    for (const char* sql : {"DELETE FROM resource_outcomes WHERE resource_id = ?",
                            "DELETE FROM resource_prerequisites WHERE resource_id = ?",
                            "DELETE FROM resource_sessions WHERE resource_id = ?"}) {
      Query q = Prepare(sql);
      q->bind(1, r.id);
      q->exec();
    }
    for (size_t i = 0; i < r.outcomes.size(); ++i) {
      Query q = Prepare(
          "INSERT INTO resource_outcomes (resource_id, competence_id, position, min_level, reaches_level) "
          "VALUES (?, ?, ?, ?, ?)");
      q->bind(1, r.id);
      q->bind(2, r.outcomes[i].competence_id);
      q->bind(3, static_cast<int>(i));
      q->bind(4, r.outcomes[i].min_level);
      q->bind(5, r.outcomes[i].reaches_level);
      q->exec();
    }
    for (size_t i = 0; i < r.prerequisite_ids.size(); ++i) {
      Query q = Prepare("INSERT INTO resource_prerequisites (resource_id, prereq_id, position) VALUES (?, ?, ?)");
      q->bind(1, r.id);
      q->bind(2, r.prerequisite_ids[i]);
      q->bind(3, static_cast<int>(i));
      q->exec();
    }
    for (size_t i = 0; i < r.sessions.size(); ++i) {
      const core::Session& s = r.sessions[i];
      Query q = Prepare(
          "INSERT INTO resource_sessions (resource_id, id, position, start_at, end_at, capacity, location, "
          "fixed_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      q->bind(1, r.id);
      q->bind(2, s.id);
      q->bind(3, static_cast<int>(i));
      q->bind(4, static_cast<int64_t>(s.start));
      q->bind(5, static_cast<int64_t>(s.end));
      q->bind(6, s.capacity);
      q->bind(7, s.location);
      q->bind(8, s.fixed_cost);
      q->exec();
    }
    if (recorder_) recorder_->catalog = true;
    return absl::OkStatus();
  });
}

absl::Status SqliteStore::DeleteResource(const std::string& id) {
  return Guard([&]() -> absl::Status {
    Query q = Prepare("DELETE FROM resources WHERE id = ?");
    q->bind(1, id);
    if (q->exec() == 0) return absl::NotFoundError(absl::StrCat("resource '", id, "' not found"));
    if (recorder_) recorder_->catalog = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> SqliteStore::DependentsOf(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    Query q = Prepare("SELECT resource_id FROM resource_prerequisites WHERE prereq_id = ? ORDER BY resource_id");
    q->bind(1, id);
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return out;
  });
}

// ---------------------------------------------------------------------------
// Plans

namespace {
std::string ModesText(const std::vector<core::Mode>& modes) {
  std::string out;
  for (core::Mode m : modes) absl::StrAppend(&out, out.empty() ? "" : ",", static_cast<int>(m));
  return out;
}
std::vector<core::Mode> ParseModes(const std::string& text) {
  std::vector<core::Mode> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(static_cast<core::Mode>(std::stoi(text.substr(start, comma - start))));
    start = comma + 1;
  }
  return out;
}
}  // namespace

std::optional<core::LearningPlan> SqliteStore::LoadPlan(const std::string& id) {
  core::LearningPlan plan;
  {
    Query q = Prepare(
        "SELECT id, person_id, status, weekly_hours, start_at, include_desired, max_cost, max_hours, modes, language, "
        "objective, total_hours, total_cost, optimal, created_at, updated_at FROM plans WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    plan.id = q->getColumn(0).getString();
    plan.person_id = q->getColumn(1).getString();
    plan.status = static_cast<core::PlanStatus>(q->getColumn(2).getInt());
    plan.options.weekly_hours = q->getColumn(3).getDouble();
    plan.options.start = q->getColumn(4).getInt64();
    plan.options.include_desired = q->getColumn(5).getInt() != 0;
    plan.options.max_cost = q->getColumn(6).getDouble();
    plan.options.max_hours = q->getColumn(7).getDouble();
    plan.options.modes = ParseModes(q->getColumn(8).getString());
    plan.options.language = q->getColumn(9).getString();
    plan.options.objective = static_cast<core::Objective>(q->getColumn(10).getInt());
    plan.total_hours = q->getColumn(11).getDouble();
    plan.total_cost = q->getColumn(12).getDouble();
    plan.optimal = q->getColumn(13).getInt() != 0;
    plan.created_at = q->getColumn(14).getInt64();
    plan.updated_at = q->getColumn(15).getInt64();
  }
  {
    Query q = Prepare(
        "SELECT seq, resource_id, title, planned_start, planned_end, session_id, status, rationale, problem, "
        "comment, claimed_at FROM plan_steps WHERE plan_id = ? ORDER BY seq");
    q->bind(1, id);
    while (q->executeStep()) {
      core::PlanStep step;
      step.seq = q->getColumn(0).getInt();
      step.resource_id = q->getColumn(1).getString();
      step.title = q->getColumn(2).getString();
      step.planned_start = q->getColumn(3).getInt64();
      step.planned_end = q->getColumn(4).getInt64();
      step.session_id = q->getColumn(5).getString();
      step.status = static_cast<core::StepStatus>(q->getColumn(6).getInt());
      step.rationale = q->getColumn(7).getString();
      step.problem = q->getColumn(8).getString();
      step.comment = q->getColumn(9).getString();
      step.claimed_at = q->getColumn(10).getInt64();
      plan.steps.push_back(std::move(step));
    }
  }
  {
    Query q = Prepare(
        "SELECT seq, competence_id, from_level, to_level FROM plan_step_changes WHERE plan_id = ? "
        "ORDER BY seq, position");
    q->bind(1, id);
    while (q->executeStep()) {
      const int seq = q->getColumn(0).getInt();
      if (seq >= 1 && seq <= static_cast<int>(plan.steps.size())) {
        plan.steps[seq - 1].changes.push_back(
            {q->getColumn(1).getString(), q->getColumn(2).getInt(), q->getColumn(3).getInt()});
      }
    }
  }
  Query q = Prepare(
      "SELECT competence_id, target_level, reachable_level, reason FROM plan_uncovered WHERE plan_id = ? "
      "ORDER BY position");
  q->bind(1, id);
  while (q->executeStep()) {
    plan.uncovered.push_back(
        {q->getColumn(0).getString(), q->getColumn(1).getInt(), q->getColumn(2).getInt(), q->getColumn(3).getString()});
  }
  return plan;
}

absl::StatusOr<std::optional<core::LearningPlan>> SqliteStore::FindPlan(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::LearningPlan>> { return LoadPlan(id); });
}

absl::StatusOr<std::vector<core::LearningPlan>> SqliteStore::ListPlans(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::LearningPlan>> {
    std::vector<std::string> ids;
    {
      Query q = Prepare("SELECT id FROM plans WHERE person_id = ? ORDER BY created_at DESC, id");
      q->bind(1, person_id);
      while (q->executeStep()) ids.push_back(q->getColumn(0).getString());
    }
    std::vector<core::LearningPlan> out;
    for (const std::string& id : ids) {
      if (auto plan = LoadPlan(id)) out.push_back(std::move(*plan));
    }
    return out;
  });
}

absl::Status SqliteStore::PutPlan(const core::LearningPlan& p) {
  return Guard([&]() -> absl::Status {
    {
      Query q = Prepare(
          "INSERT INTO plans (id, person_id, status, weekly_hours, start_at, include_desired, max_cost, max_hours, "
          "modes, language, objective, total_hours, total_cost, optimal, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "status = excluded.status, total_hours = excluded.total_hours, total_cost = excluded.total_cost, "
          "optimal = excluded.optimal, updated_at = excluded.updated_at");
      q->bind(1, p.id);
      q->bind(2, p.person_id);
      q->bind(3, static_cast<int>(p.status));
      q->bind(4, p.options.weekly_hours);
      q->bind(5, static_cast<int64_t>(p.options.start));
      q->bind(6, p.options.include_desired ? 1 : 0);
      q->bind(7, p.options.max_cost);
      q->bind(8, p.options.max_hours);
      q->bind(9, ModesText(p.options.modes));
      q->bind(10, p.options.language);
      q->bind(11, static_cast<int>(p.options.objective));
      q->bind(12, p.total_hours);
      q->bind(13, p.total_cost);
      q->bind(14, p.optimal ? 1 : 0);
      q->bind(15, static_cast<int64_t>(p.created_at));
      q->bind(16, static_cast<int64_t>(p.updated_at));
      q->exec();
    }
    for (const char* sql : {"DELETE FROM plan_step_changes WHERE plan_id = ?", "DELETE FROM plan_steps WHERE plan_id = ?",
                            "DELETE FROM plan_uncovered WHERE plan_id = ?"}) {
      Query q = Prepare(sql);
      q->bind(1, p.id);
      q->exec();
    }
    for (const core::PlanStep& step : p.steps) {
      {
        Query q = Prepare(
            "INSERT INTO plan_steps (plan_id, seq, resource_id, title, planned_start, planned_end, session_id, "
            "status, rationale, problem, comment, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q->bind(1, p.id);
        q->bind(2, step.seq);
        q->bind(3, step.resource_id);
        q->bind(4, step.title);
        q->bind(5, static_cast<int64_t>(step.planned_start));
        q->bind(6, static_cast<int64_t>(step.planned_end));
        q->bind(7, step.session_id);
        q->bind(8, static_cast<int>(step.status));
        q->bind(9, step.rationale);
        q->bind(10, step.problem);
        q->bind(11, step.comment);
        q->bind(12, static_cast<int64_t>(step.claimed_at));
        q->exec();
      }
      for (size_t i = 0; i < step.changes.size(); ++i) {
        Query q = Prepare(
            "INSERT INTO plan_step_changes (plan_id, seq, position, competence_id, from_level, to_level) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        q->bind(1, p.id);
        q->bind(2, step.seq);
        q->bind(3, static_cast<int>(i));
        q->bind(4, step.changes[i].competence_id);
        q->bind(5, step.changes[i].from);
        q->bind(6, step.changes[i].to);
        q->exec();
      }
    }
    for (size_t i = 0; i < p.uncovered.size(); ++i) {
      Query q = Prepare(
          "INSERT INTO plan_uncovered (plan_id, position, competence_id, target_level, reachable_level, reason) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      q->bind(1, p.id);
      q->bind(2, static_cast<int>(i));
      q->bind(3, p.uncovered[i].competence_id);
      q->bind(4, p.uncovered[i].target);
      q->bind(5, p.uncovered[i].reachable);
      q->bind(6, p.uncovered[i].reason);
      q->exec();
    }
    if (recorder_) recorder_->plans = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<core::SessionBookings> SqliteStore::Bookings() {
  return Guard([&]() -> absl::StatusOr<core::SessionBookings> {
    core::SessionBookings out;
    Query q = Prepare(
        "SELECT s.resource_id, s.session_id, count(*) FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.status != 6 AND s.session_id != '' AND s.status != 4 GROUP BY s.resource_id, s.session_id");
    while (q->executeStep()) {
      out[{q->getColumn(0).getString(), q->getColumn(1).getString()}] = q->getColumn(2).getInt();
    }
    return out;
  });
}

absl::StatusOr<std::optional<std::string>> SqliteStore::PlanOwner(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = Prepare("SELECT person_id FROM plans WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q->getColumn(0).getString());
  });
}

absl::StatusOr<std::set<std::string>> SqliteStore::CompletedResources(const std::string& person_id) {
  return Guard([&]() -> absl::StatusOr<std::set<std::string>> {
    std::set<std::string> out;
    Query q = Prepare(
        "SELECT DISTINCT s.resource_id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.person_id = ? AND s.status = 3");
    q->bind(1, person_id);
    while (q->executeStep()) out.insert(q->getColumn(0).getString());
    return out;
  });
}

absl::StatusOr<std::vector<std::string>> SqliteStore::ActivePlansUsing(const std::string& resource_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    Query q = Prepare(
        "SELECT DISTINCT p.id FROM plan_steps s JOIN plans p ON p.id = s.plan_id "
        "WHERE s.resource_id = ? AND p.status NOT IN (5, 6) ORDER BY p.id");
    q->bind(1, resource_id);
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return out;
  });
}

// ---------------------------------------------------------------------------
// Tokens

namespace {
core::TokenRecord TokenRow(SQLite::Statement& q) {
  core::TokenRecord t;
  t.id = q.getColumn(0).getString();
  const SQLite::Column hash = q.getColumn(1);
  t.secret_hash.assign(static_cast<const char*>(hash.getBlob()), static_cast<size_t>(hash.getBytes()));
  t.person_id = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
  t.grant = static_cast<core::Grant>(q.getColumn(3).getInt());
  t.description = q.getColumn(4).getString();
  t.created_at = q.getColumn(5).getInt64();
  if (!q.getColumn(6).isNull()) t.expires_at = q.getColumn(6).getInt64();
  if (!q.getColumn(7).isNull()) t.revoked_at = q.getColumn(7).getInt64();
  return t;
}
constexpr const char* kTokenColumns =
    "id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at";
}  // namespace

absl::StatusOr<std::optional<core::TokenRecord>> SqliteStore::FindToken(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE id = ?");
    Query q = Prepare(sql.c_str());
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return TokenRow(*q);
  });
}

absl::StatusOr<std::vector<core::TokenRecord>> SqliteStore::ListTokens() {
  return Guard([&]() -> absl::StatusOr<std::vector<core::TokenRecord>> {
    static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens ORDER BY created_at, id");
    Query q = Prepare(sql.c_str());
    std::vector<core::TokenRecord> out;
    while (q->executeStep()) out.push_back(TokenRow(*q));
    return out;
  });
}

absl::Status SqliteStore::PutToken(const core::TokenRecord& t) {
  return Guard([&]() -> absl::Status {
    Query q = Prepare(
        "INSERT INTO tokens (id, secret_hash, person_id, grant_kind, description, created_at, expires_at, revoked_at) "
        "VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET revoked_at = excluded.revoked_at, "
        "expires_at = excluded.expires_at, description = excluded.description");
    q->bind(1, t.id);
    q->bind(2, t.secret_hash.data(), static_cast<int>(t.secret_hash.size()));
    q->bind(3, t.person_id);
    q->bind(4, static_cast<int>(t.grant));
    q->bind(5, t.description);
    q->bind(6, static_cast<int64_t>(t.created_at));
    if (t.expires_at) q->bind(7, static_cast<int64_t>(*t.expires_at));
    if (t.revoked_at) q->bind(8, static_cast<int64_t>(*t.revoked_at));
    q->exec();
    return absl::OkStatus();
  });
}

// ---------------------------------------------------------------------------
// Personal data

absl::StatusOr<std::optional<core::PersonData>> SqliteStore::CollectPersonData(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Person> person, FindPerson(id));
  if (!person) return std::nullopt;
  core::PersonData data;
  data.person = std::move(*person);
  ASSIGN_OR_RETURN(data.assessments, ListAssessments(id, ""));
  return Guard([&]() -> absl::StatusOr<std::optional<core::PersonData>> {
    {
      static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns,
                                                  " FROM assessments WHERE assessor_id = ? AND person_id != ? "
                                                  "ORDER BY assessed_at, seq");
      Query q = Prepare(sql.c_str());
      q->bind(1, id);
      q->bind(2, id);
      while (q->executeStep()) data.assessments_given.push_back(AssessmentRow(*q));
    }
    {
      Query q = Prepare("SELECT id FROM plans WHERE person_id = ? ORDER BY created_at, id");
      q->bind(1, id);
      while (q->executeStep()) data.plan_ids.push_back(q->getColumn(0).getString());
    }
    {
      static const std::string sql = absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE person_id = ? ORDER BY id");
      Query q = Prepare(sql.c_str());
      q->bind(1, id);
      while (q->executeStep()) {
        core::TokenRecord t = TokenRow(*q);
        t.secret_hash.clear();
        data.tokens.push_back(std::move(t));
      }
    }
    core::AuditQuery about;
    about.subject = id;
    about.limit = std::numeric_limits<int>::max();
    ASSIGN_OR_RETURN(data.audit, ListAudit(about));
    return data;
  });
}

absl::StatusOr<std::vector<core::AuditEvent>> SqliteStore::ListAudit(const core::AuditQuery& query) {
  return Guard([&]() -> absl::StatusOr<std::vector<core::AuditEvent>> {
    // Two statements so that a subject filter uses the (subject, at) index.
    static constexpr const char* kCommon =
        " (?2 = '' OR actor_person = ?2) AND (?3 = '' OR actor_token = ?3) AND at >= ?4 AND at < ?5 AND seq > ?6"
        " ORDER BY seq LIMIT ?7";
    static const std::string by_subject = std::string(
        "SELECT seq, at, actor_token, actor_person, method, subject, outcome, count FROM audit_events WHERE subject = ?1 "
        "AND") + kCommon;
    static const std::string any = std::string(
        "SELECT seq, at, actor_token, actor_person, method, subject, outcome, count FROM audit_events WHERE ?1 = '' AND") +
        kCommon;
    Query q = Prepare(query.subject.empty() ? any.c_str() : by_subject.c_str());
    q->bind(1, query.subject);
    q->bind(2, query.actor_person);
    q->bind(3, query.actor_token);
    q->bind(4, static_cast<int64_t>(query.from.value_or(std::numeric_limits<int64_t>::min())));
    q->bind(5, static_cast<int64_t>(query.to.value_or(std::numeric_limits<int64_t>::max())));
    q->bind(6, query.after_seq);
    q->bind(7, query.limit);
    std::vector<core::AuditEvent> events;
    while (q->executeStep()) {
      core::AuditEvent e;
      e.seq = q->getColumn(0).getInt64();
      e.at = q->getColumn(1).getInt64();
      e.actor_token = q->getColumn(2).getString();
      e.actor_person = q->getColumn(3).getString();
      e.method = q->getColumn(4).getString();
      e.subject = q->getColumn(5).getString();
      e.outcome = q->getColumn(6).getString();
      e.count = q->getColumn(7).getInt64();
      events.push_back(std::move(e));
    }
    return events;
  });
}

absl::Status SqliteStore::AppendAudit(const core::AuditEvent& e) {
  return Guard([&]() -> absl::Status {
    Query q = Prepare(
        "INSERT INTO audit_events (at, actor_token, actor_person, method, subject, outcome, count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<int64_t>(e.at));
    q->bind(2, e.actor_token);
    q->bind(3, e.actor_person);
    q->bind(4, e.method);
    q->bind(5, e.subject);
    q->bind(6, e.outcome);
    q->bind(7, static_cast<int64_t>(e.count < 1 ? 1 : e.count));
    q->exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqliteStore::PurgeAuditBefore(core::Time before, core::Time now) {
  return Guard([&]() -> absl::StatusOr<int64_t> {
    // The purge record comes first: the delete trigger allows only rows
    // older than the newest record's cutoff (migration 0006).
    Query record = Prepare("INSERT INTO audit_purges (at, before) VALUES (?, ?)");
    record->bind(1, static_cast<int64_t>(now));
    record->bind(2, static_cast<int64_t>(before));
    record->exec();
    Query purge = Prepare("DELETE FROM audit_events WHERE at < ?");
    purge->bind(1, static_cast<int64_t>(before));
    return static_cast<int64_t>(purge->exec());
  });
}

absl::StatusOr<bool> SqliteStore::ErasePerson(const std::string& id, const core::AuditEvent& erasure) {
  ASSIGN_OR_RETURN(bool known, PersonExists(id));
  if (!known) return false;
  RETURN_IF_ERROR(Guard([&]() -> absl::Status {
    // Children first where no cascade reaches; people's own rows cascade.
    for (const char* sql : {"DELETE FROM plan_step_changes WHERE plan_id IN (SELECT id FROM plans WHERE person_id = ?)",
                            "DELETE FROM plans WHERE person_id = ?", "DELETE FROM assessments WHERE person_id = ?",
                            "UPDATE assessments SET assessor_id = '' WHERE assessor_id = ?",
                            "DELETE FROM tokens WHERE person_id = ?", "DELETE FROM people WHERE id = ?"}) {
      Query q = Prepare(sql);
      q->bind(1, id);
      q->exec();
    }
    // The audit log keeps its events, with the person's id replaced by
    // their pseudonym (the one update its trigger allows).
    for (const char* sql : {"UPDATE audit_events SET subject = ?2 WHERE subject = ?1",
                            "UPDATE audit_events SET actor_person = ?2 WHERE actor_person = ?1"}) {
      Query q = Prepare(sql);
      q->bind(1, id);
      q->bind(2, erasure.subject);
      q->exec();
    }
    if (recorder_) {
      recorder_->purged = true;  // the person's facts leave the index
      recorder_->people.insert(id);
    }
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(AppendAudit(erasure));
  return true;
}

absl::StatusOr<std::string> SqliteStore::PseudonymSalt() {
  return Guard([&]() -> absl::StatusOr<std::string> {
    Query q = Prepare("SELECT value FROM settings WHERE key = 'pseudonym_salt'");
    if (!q->executeStep()) return absl::InternalError("the pseudonym salt is missing (migration 0004)");
    const SQLite::Column v = q->getColumn(0);
    return std::string(static_cast<const char*>(v.getBlob()), static_cast<size_t>(v.getBytes()));
  });
}

// ---------------------------------------------------------------------------
// Bulk scans

absl::Status SqliteStore::ForEachPerson(const std::function<void(const Person&)>& fn) {
  return Guard([&]() -> absl::Status {
    // Two ordered scans of the link tables merged with the people scan: no
    // query per person.
    Query people = Prepare("SELECT id, name, email, org_unit_id, active FROM people ORDER BY id");
    Query roles = Prepare("SELECT person_id, role_id FROM person_roles ORDER BY person_id, position");
    Query manages = Prepare("SELECT person_id, org_unit_id FROM person_manages ORDER BY person_id, position");
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

absl::Status SqliteStore::ForEachAssessment(const std::function<void(const Assessment&)>& fn) {
  return Guard([&]() -> absl::Status {
    static const std::string sql = absl::StrCat("SELECT ", kAssessmentColumns, " FROM assessments ORDER BY seq");
    Query q = Prepare(sql.c_str());
    while (q->executeStep()) fn(AssessmentRow(*q));
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
