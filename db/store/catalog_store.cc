#include "db/store/catalog_store.h"

#include "absl/strings/str_cat.h"

namespace skillpath::db {

using core::LearningResource;

namespace {
const auto OutcomeRow = Fields(&core::Outcome::competence_id, &core::Outcome::min_level, &core::Outcome::reaches_level);
const auto SessionRow = Fields(&core::Session::id, &core::Session::start, &core::Session::end, &core::Session::capacity,
                               &core::Session::location, &core::Session::fixed_cost);
const auto ResourceRow =
    Fields(&LearningResource::id, &LearningResource::title, &LearningResource::provider, &LearningResource::mode,
           &LearningResource::hours, &LearningResource::cost, &LearningResource::language, &LearningResource::url);
}  // namespace

LearningResource CatalogStore::LoadResourceLinks(LearningResource r) {
  r.outcomes = statements_.Rows(
      "SELECT competence_id, min_level, reaches_level FROM resource_outcomes WHERE resource_id = ? "
      "ORDER BY position",
      OutcomeRow, r.id);
  r.prerequisite_ids = statements_.Rows(
      "SELECT prereq_id FROM resource_prerequisites WHERE resource_id = ? ORDER BY position", TextColumn, r.id);
  r.sessions = statements_.Rows(
      "SELECT id, start_at, end_at, capacity, location, fixed_cost FROM resource_sessions WHERE resource_id = ? "
      "ORDER BY position",
      SessionRow, r.id);
  return r;
}

absl::StatusOr<std::optional<LearningResource>> CatalogStore::FindResource(const std::string& id) {
  return GuardedFindWithLinks(
      "SELECT id, title, provider, mode, hours, cost, language, url FROM resources WHERE id = ?", ResourceRow,
      [this](LearningResource r) { return LoadResourceLinks(std::move(r)); }, id);
}

absl::StatusOr<std::vector<LearningResource>> CatalogStore::ListResources(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<LearningResource>> {
    std::vector<LearningResource> out =
        competence_id.empty()
            ? statements_.Rows(
                  "SELECT id, title, provider, mode, hours, cost, language, url FROM resources ORDER BY id",
                  ResourceRow)
            : statements_.Rows(
                  "SELECT r.id, r.title, r.provider, r.mode, r.hours, r.cost, r.language, r.url "
                  "FROM resources r JOIN resource_outcomes o ON o.resource_id = r.id "
                  "WHERE o.competence_id = ? ORDER BY r.id",
                  ResourceRow, competence_id);
    for (LearningResource& r : out) r = LoadResourceLinks(std::move(r));
    return out;
  });
}

absl::Status CatalogStore::PutResource(const LearningResource& r) {
  return Guard([&]() -> absl::Status {
    static const std::string upsert =
        UpsertSql("resources", {"id", "title", "provider", "mode", "hours", "cost", "language", "url"});
    statements_.Write(upsert.c_str(), r.id, r.title, r.provider, static_cast<int>(r.mode), r.hours, r.cost, r.language,
                      r.url);
    statements_.ReplaceChildRows(
        "DELETE FROM resource_outcomes WHERE resource_id = ?",
        "INSERT INTO resource_outcomes (resource_id, competence_id, position, min_level, reaches_level) "
        "VALUES (?, ?, ?, ?, ?)",
        r.id, r.outcomes, [](Statement& q, int position, const core::Outcome& o) {
          BindAll(q, 2, o.competence_id, position, o.min_level, o.reaches_level);
        });
    statements_.ReplaceChildRows(
        "DELETE FROM resource_prerequisites WHERE resource_id = ?",
        "INSERT INTO resource_prerequisites (resource_id, prereq_id, position) VALUES (?, ?, ?)", r.id,
        r.prerequisite_ids, BindIdAtPosition);
    statements_.ReplaceChildRows(
        "DELETE FROM resource_sessions WHERE resource_id = ?",
        "INSERT INTO resource_sessions (resource_id, id, position, start_at, end_at, capacity, location, "
        "fixed_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.id, r.sessions, [](Statement& q, int position, const core::Session& s) {
          BindAll(q, 2, s.id, position, static_cast<int64_t>(s.start), static_cast<int64_t>(s.end), s.capacity,
                  s.location, s.fixed_cost);
        });
    if (core::ChangeSet* changes = statements_.recorder()) changes->catalog = true;
    statements_.Finish();  // what Write sent: its failure is this call's
    return absl::OkStatus();
  });
}

absl::Status CatalogStore::DeleteResource(const std::string& id) {
  return Guard([&]() -> absl::Status {
    if (statements_.Exec("DELETE FROM resources WHERE id = ?", id) == 0)
      return absl::NotFoundError(absl::StrCat("resource '", id, "' not found"));
    if (core::ChangeSet* changes = statements_.recorder()) changes->catalog = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> CatalogStore::DependentsOf(const std::string& id) {
  return GuardedRows("SELECT resource_id FROM resource_prerequisites WHERE prereq_id = ? ORDER BY resource_id",
                     TextColumn, id);
}

}  // namespace skillpath::db
