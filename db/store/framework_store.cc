#include "db/store/framework_store.h"

#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "db/sqlite/database.h"

namespace skillpath::db {

using core::Framework;

namespace {
const auto LevelRow = Fields(&core::ScaleLevel::level, &core::ScaleLevel::name, &core::ScaleLevel::description);
const auto AreaRow = Fields(&core::Area::id, &core::Area::name, &core::Area::description, &core::Area::source_uri);
const auto CompetenceRow = Fields(&core::Competence::id, &core::Competence::name, &core::Competence::description,
                                  &core::Competence::source_uri);
}  // namespace

core::Scale FrameworkStore::LoadScale(const char* sql, const std::string& owner_id) {
  core::Scale scale;
  scale.levels = statements_.Rows(sql, LevelRow, owner_id);
  return scale;
}

std::vector<std::string> FrameworkStore::LeftOut(const char* sql, const std::string& framework_id,
                                                 const std::unordered_set<std::string>& keep) {
  std::vector<std::string> out;
  for (std::string& id : statements_.Rows(sql, TextColumn, framework_id)) {
    if (!keep.count(id)) out.push_back(std::move(id));
  }
  return out;
}

Framework FrameworkStore::LoadFramework(const std::string& id, bool* found) {
  std::optional<Framework> row = statements_.FirstRow(
      "SELECT id, name, version, description, source_uri FROM frameworks WHERE id = ?",
      Fields(&Framework::id, &Framework::name, &Framework::version, &Framework::description, &Framework::source_uri),
      id);
  *found = row.has_value();
  if (!*found) return Framework();
  Framework f = std::move(*row);
  f.scale =
      LoadScale("SELECT level, name, description FROM framework_levels WHERE framework_id = ? ORDER BY level", id);
  f.areas = statements_.Rows(
      "SELECT id, name, description, source_uri FROM areas WHERE framework_id = ? ORDER BY position", AreaRow, id);
  for (core::Area& area : f.areas) {
    area.competences = statements_.Rows(
        "SELECT id, name, description, source_uri FROM competences WHERE area_id = ? ORDER BY position", CompetenceRow,
        area.id);
    for (core::Competence& c : area.competences) {
      c.area_id = area.id;
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
    const std::vector<std::string> ids = statements_.Rows("SELECT id FROM frameworks ORDER BY id", TextColumn);
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
void BindLevel(SQLite::Statement& q, int /*position*/, const core::ScaleLevel& l) {
  BindAll(q, 2, l.level, l.name, l.description);
}
}  // namespace

absl::Status FrameworkStore::PutFramework(const Framework& f) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert_framework =
        UpsertSql("frameworks", {"id", "name", "version", "description", "source_uri"});
    static const std::string upsert_area =
        UpsertSql("areas", {"id", "framework_id", "position", "name", "description", "source_uri"});
    static const std::string upsert_competence = UpsertSql(
        "competences", {"id", "framework_id", "area_id", "position", "name", "description", "top_level", "source_uri"});
    statements_.Exec(upsert_framework.c_str(), f.id, f.name, f.version, f.description, f.source_uri);
    statements_.ReplaceChildRows(
        "DELETE FROM framework_levels WHERE framework_id = ?",
        "INSERT INTO framework_levels (framework_id, level, name, description) VALUES (?, ?, ?, ?)", f.id,
        f.scale.levels, BindLevel);
    std::unordered_set<std::string> keep_areas, keep_competences;
    for (size_t a = 0; a < f.areas.size(); ++a) {
      const core::Area& area = f.areas[a];
      keep_areas.insert(area.id);
      statements_.Exec(upsert_area.c_str(), area.id, f.id, static_cast<int>(a), area.name, area.description,
                       area.source_uri);
      for (size_t c = 0; c < area.competences.size(); ++c) {
        const core::Competence& comp = area.competences[c];
        keep_competences.insert(comp.id);
        statements_.Exec(upsert_competence.c_str(), comp.id, f.id, area.id, static_cast<int>(c), comp.name,
                         comp.description, comp.scale.empty() ? f.scale.Top() : comp.scale.Top(), comp.source_uri);
        statements_.ReplaceChildRows(
            "DELETE FROM competence_levels WHERE competence_id = ?",
            "INSERT INTO competence_levels (competence_id, level, name, description) VALUES (?, ?, ?, ?)", comp.id,
            comp.scale.levels, BindLevel);
      }
    }
    // Competences and areas this version drops; a dropped competence must not
    // be referenced any more.
    for (const std::string& id : LeftOut("SELECT id FROM competences WHERE framework_id = ?", f.id, keep_competences)) {
      const std::optional<bool> used = statements_.FirstRow(
          "SELECT EXISTS (SELECT 1 FROM role_targets WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM assessments WHERE competence_id = ?1) "
          "OR EXISTS (SELECT 1 FROM resource_outcomes WHERE competence_id = ?1)",
          [](SQLite::Statement& q) { return Columns(q).Read<bool>(); }, id);
      if (used.value_or(false)) {
        return absl::FailedPreconditionError(
            absl::StrCat("areas: competence '", id,
                         "' is left out but still used by role targets, assessments or resource outcomes; keep it"));
      }
      statements_.Exec("DELETE FROM competences WHERE id = ?", id);
    }
    for (const std::string& id : LeftOut("SELECT id FROM areas WHERE framework_id = ?", f.id, keep_areas)) {
      statements_.Exec("DELETE FROM areas WHERE id = ?", id);
    }
    if (core::ChangeSet* changes = statements_.recorder()) changes->frameworks = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<std::string>> FrameworkStore::FrameworkOfArea(const std::string& area_id) {
  return GuardedFirstRow("SELECT framework_id FROM areas WHERE id = ?", TextColumn, area_id);
}

absl::StatusOr<std::optional<std::string>> FrameworkStore::FrameworkOfCompetence(const std::string& competence_id) {
  return GuardedFirstRow("SELECT framework_id FROM competences WHERE id = ?", TextColumn, competence_id);
}

absl::StatusOr<std::optional<int>> FrameworkStore::CompetenceTopLevel(const std::string& competence_id) {
  return GuardedFirstRow(
      "SELECT top_level FROM competences WHERE id = ?", [](SQLite::Statement& q) { return Columns(q).Read<int>(); },
      competence_id);
}

}  // namespace skillpath::db
