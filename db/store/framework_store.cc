#include "db/store/framework_store.h"

#include <unordered_map>
#include <unordered_set>

#include "absl/strings/str_cat.h"

namespace skillpath::db {

using core::Framework;

namespace {
const auto LevelRow = Fields(&core::ScaleLevel::level, &core::ScaleLevel::name, &core::ScaleLevel::description);
const auto AreaRow = Fields(&core::Area::id, &core::Area::name, &core::Area::description, &core::Area::source_uri);
const auto CompetenceRow = Fields(&core::Competence::id, &core::Competence::name, &core::Competence::description,
                                  &core::Competence::source_uri);

// framework_texts.owner of each thing a framework holds texts for.
std::string LevelOwner(int level) { return absl::StrCat("level:", level); }
std::string AreaOwner(const std::string& id) { return absl::StrCat("area:", id); }
std::string CompetenceOwner(const std::string& id) { return absl::StrCat("competence:", id); }
std::string CompetenceLevelOwner(const std::string& id, int level) {
  return absl::StrCat("competence:", id, "/level:", level);
}

struct TextRow {
  std::string owner;
  core::Translation text;
};

// Every translation of `f`, with its owner.
std::vector<TextRow> TextsOf(const Framework& f) {
  std::vector<TextRow> rows;
  auto add = [&](const std::string& owner, const std::vector<core::Translation>& texts) {
    for (const core::Translation& t : texts) rows.push_back({owner, t});
  };
  add("", f.translations);
  for (const core::ScaleLevel& l : f.scale.levels) add(LevelOwner(l.level), l.translations);
  for (const core::Area& a : f.areas) {
    add(AreaOwner(a.id), a.translations);
    for (const core::Competence& c : a.competences) {
      add(CompetenceOwner(c.id), c.translations);
      for (const core::ScaleLevel& l : c.scale.levels) add(CompetenceLevelOwner(c.id, l.level), l.translations);
    }
  }
  return rows;
}

// Puts the texts read back where they belong.
void PlaceTexts(std::vector<TextRow> rows, Framework& f) {
  std::unordered_map<std::string, std::vector<core::Translation>> by_owner;
  for (TextRow& r : rows) by_owner[r.owner].push_back(std::move(r.text));
  auto take = [&](const std::string& owner, std::vector<core::Translation>& into) {
    auto it = by_owner.find(owner);
    if (it != by_owner.end()) into = std::move(it->second);
  };
  take("", f.translations);
  for (core::ScaleLevel& l : f.scale.levels) take(LevelOwner(l.level), l.translations);
  for (core::Area& a : f.areas) {
    take(AreaOwner(a.id), a.translations);
    for (core::Competence& c : a.competences) {
      take(CompetenceOwner(c.id), c.translations);
      for (core::ScaleLevel& l : c.scale.levels) take(CompetenceLevelOwner(c.id, l.level), l.translations);
    }
  }
}
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
      "SELECT id, name, version, description, source_uri, language FROM frameworks WHERE id = ?",
      Fields(&Framework::id, &Framework::name, &Framework::version, &Framework::description, &Framework::source_uri,
             &Framework::language),
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
  PlaceTexts(statements_.Rows("SELECT owner, language, name, description FROM framework_texts "
                              "WHERE framework_id = ? ORDER BY owner, position",
                              [](Statement& q) {
                                TextRow r;
                                Columns(q) >> r.owner >> r.text.language >> r.text.name >> r.text.description;
                                return r;
                              },
                              id),
             f);
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
void BindLevel(Statement& q, int /*position*/, const core::ScaleLevel& l) {
  BindAll(q, 2, l.level, l.name, l.description);
}
}  // namespace

absl::Status FrameworkStore::PutFramework(const Framework& f) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert_framework =
        UpsertSql("frameworks", {"id", "name", "version", "description", "source_uri", "language"});
    static const std::string upsert_area =
        UpsertSql("areas", {"id", "framework_id", "position", "name", "description", "source_uri"});
    static const std::string upsert_competence = UpsertSql(
        "competences", {"id", "framework_id", "area_id", "position", "name", "description", "top_level", "source_uri"});
    statements_.Write(upsert_framework.c_str(), f.id, f.name, f.version, f.description, f.source_uri, f.language);
    statements_.ReplaceChildRows(
        "DELETE FROM framework_levels WHERE framework_id = ?",
        "INSERT INTO framework_levels (framework_id, level, name, description) VALUES (?, ?, ?, ?)", f.id,
        f.scale.levels, BindLevel);
    std::unordered_set<std::string> keep_areas, keep_competences;
    for (size_t a = 0; a < f.areas.size(); ++a) {
      const core::Area& area = f.areas[a];
      keep_areas.insert(area.id);
      statements_.Write(upsert_area.c_str(), area.id, f.id, static_cast<int>(a), area.name, area.description,
                        area.source_uri);
      for (size_t c = 0; c < area.competences.size(); ++c) {
        const core::Competence& comp = area.competences[c];
        keep_competences.insert(comp.id);
        statements_.Write(upsert_competence.c_str(), comp.id, f.id, area.id, static_cast<int>(c), comp.name,
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
          [](Statement& q) { return Columns(q).Read<bool>(); }, id);
      if (used.value_or(false)) {
        return absl::FailedPreconditionError(
            absl::StrCat("areas: competence '", id,
                         "' is left out but still used by role targets, assessments or resource outcomes; keep it"));
      }
      statements_.Write("DELETE FROM competences WHERE id = ?", id);
    }
    for (const std::string& id : LeftOut("SELECT id FROM areas WHERE framework_id = ?", f.id, keep_areas)) {
      statements_.Write("DELETE FROM areas WHERE id = ?", id);
    }
    statements_.ReplaceChildRows(
        "DELETE FROM framework_texts WHERE framework_id = ?",
        "INSERT INTO framework_texts (framework_id, owner, language, position, name, description) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        f.id, TextsOf(f), [](Statement& q, int position, const TextRow& r) {
          BindAll(q, 2, r.owner, r.text.language, position, r.text.name, r.text.description);
        });
    if (core::ChangeSet* changes = statements_.recorder()) changes->frameworks = true;
    statements_.Finish();  // what Write sent: its failure is this call's
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
      "SELECT top_level FROM competences WHERE id = ?", [](Statement& q) { return Columns(q).Read<int>(); },
      competence_id);
}

}  // namespace skillpath::db
