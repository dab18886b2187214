#include "db/store/framework_store.h"

#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "db/sqlite/database.h"

namespace skillpath::db {

using core::Framework;

core::Scale FrameworkStore::LoadScale(const char* sql, const std::string& owner_id) {
  core::Scale scale;
  Query q = statements_.Prepare(sql);
  q->bind(1, owner_id);
  while (q->executeStep()) {
    scale.levels.push_back({q->getColumn(0).getInt(), q->getColumn(1).getString(), q->getColumn(2).getString()});
  }
  return scale;
}

std::vector<std::string> FrameworkStore::LeftOut(const char* sql, const std::string& framework_id,
                                                 const std::unordered_set<std::string>& keep) {
  std::vector<std::string> out;
  Query q = statements_.Prepare(sql);
  q->bind(1, framework_id);
  while (q->executeStep()) {
    std::string id = q->getColumn(0).getString();
    if (!keep.count(id)) out.push_back(std::move(id));
  }
  return out;
}

Framework FrameworkStore::LoadFramework(const std::string& id, bool* found) {
  Framework f;
  {
    Query q = statements_.Prepare("SELECT id, name, version, description, source_uri FROM frameworks WHERE id = ?");
    q->bind(1, id);
    *found = q->executeStep();
    if (!*found) return f;
    f.id = q->getColumn(0).getString();
    f.name = q->getColumn(1).getString();
    f.version = q->getColumn(2).getString();
    f.description = q->getColumn(3).getString();
    f.source_uri = q->getColumn(4).getString();
  }
  f.scale =
      LoadScale("SELECT level, name, description FROM framework_levels WHERE framework_id = ? ORDER BY level", id);
  {
    Query q = statements_.Prepare("SELECT id, name, description FROM areas WHERE framework_id = ? ORDER BY position");
    q->bind(1, id);
    while (q->executeStep()) {
      f.areas.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(), {}});
    }
  }
  for (core::Area& area : f.areas) {
    {
      Query q =
          statements_.Prepare("SELECT id, name, description FROM competences WHERE area_id = ? ORDER BY position");
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

absl::StatusOr<std::optional<Framework>> FrameworkStore::FindFramework(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<Framework>> {
    bool found = false;
    Framework f = LoadFramework(id, &found);
    if (!found) return std::nullopt;
    return f;
  });
}

absl::StatusOr<std::vector<Framework>> FrameworkStore::ListFrameworks() {
  return Guard([&]() -> absl::StatusOr<std::vector<Framework>> {
    std::vector<std::string> ids;
    {
      Query q = statements_.Prepare("SELECT id FROM frameworks ORDER BY id");
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

namespace {
// framework_levels and competence_levels: (owner, level, name, description).
std::optional<std::string> OptionalText(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void BindLevel(SQLite::Statement& q, int /*position*/, const core::ScaleLevel& l) {
  q.bind(2, l.level);
  q.bind(3, l.name);
  q.bind(4, l.description);
}
}  // namespace

absl::Status FrameworkStore::PutFramework(const Framework& f) {
  return Guard([&]() -> absl::Status {
    {
      Query q = statements_.Prepare(
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
    statements_.ReplaceChildRows(
        "DELETE FROM framework_levels WHERE framework_id = ?",
        "INSERT INTO framework_levels (framework_id, level, name, description) VALUES (?, ?, ?, ?)", f.id,
        f.scale.levels, BindLevel);
    std::unordered_set<std::string> keep_areas, keep_competences;
    for (size_t a = 0; a < f.areas.size(); ++a) {
      const core::Area& area = f.areas[a];
      keep_areas.insert(area.id);
      {
        Query q = statements_.Prepare(
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
          Query q = statements_.Prepare(
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
        statements_.ReplaceChildRows(
            "DELETE FROM competence_levels WHERE competence_id = ?",
            "INSERT INTO competence_levels (competence_id, level, name, description) VALUES (?, ?, ?, ?)", comp.id,
            comp.scale.levels, BindLevel);
      }
    }
    // Competences and areas this version drops; a dropped competence must not
    // be referenced any more.
    for (const std::string& id : LeftOut("SELECT id FROM competences WHERE framework_id = ?", f.id, keep_competences)) {
      Query used = statements_.Prepare(
          "SELECT EXISTS (SELECT 1 FROM role_targets WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM assessments WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM resource_outcomes WHERE competence_id = ?1)");
      used->bind(1, id);
      used->executeStep();
      if (used->getColumn(0).getInt() != 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("areas: competence '", id,
                         "' is left out but still used by role targets, assessments or resource outcomes; keep it"));
      }
      Query q = statements_.Prepare("DELETE FROM competences WHERE id = ?");
      q->bind(1, id);
      q->exec();
    }
    for (const std::string& id : LeftOut("SELECT id FROM areas WHERE framework_id = ?", f.id, keep_areas)) {
      Query q = statements_.Prepare("DELETE FROM areas WHERE id = ?");
      q->bind(1, id);
      q->exec();
    }
    if (core::ChangeSet* changes = statements_.recorder()) changes->frameworks = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<std::string>> FrameworkStore::FrameworkOfArea(const std::string& area_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = statements_.Prepare("SELECT framework_id FROM areas WHERE id = ?");
    q->bind(1, area_id);
    return OptionalText(*q);
  });
}

absl::StatusOr<std::optional<std::string>> FrameworkStore::FrameworkOfCompetence(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<std::string>> {
    Query q = statements_.Prepare("SELECT framework_id FROM competences WHERE id = ?");
    q->bind(1, competence_id);
    return OptionalText(*q);
  });
}

absl::StatusOr<std::optional<int>> FrameworkStore::CompetenceTopLevel(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::optional<int>> {
    Query q = statements_.Prepare("SELECT top_level FROM competences WHERE id = ?");
    q->bind(1, competence_id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt();
  });
}

}  // namespace skillpath::db
