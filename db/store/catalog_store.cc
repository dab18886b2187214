#include "db/store/catalog_store.h"

#include "absl/strings/str_cat.h"
#include "db/sqlite/database.h"

namespace skillpath::db {

using core::LearningResource;

LearningResource CatalogStore::LoadResourceLinks(LearningResource r) {
  {
    Query q = statements_.Prepare(
        "SELECT competence_id, min_level, reaches_level FROM resource_outcomes WHERE resource_id = ? "
        "ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) {
      r.outcomes.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt(), q->getColumn(2).getInt()});
    }
  }
  {
    Query q =
        statements_.Prepare("SELECT prereq_id FROM resource_prerequisites WHERE resource_id = ? ORDER BY position");
    q->bind(1, r.id);
    while (q->executeStep()) r.prerequisite_ids.push_back(q->getColumn(0).getString());
  }
  Query q = statements_.Prepare(
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

absl::StatusOr<std::optional<LearningResource>> CatalogStore::FindResource(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::optional<LearningResource>> {
    LearningResource r;
    {
      Query q = statements_.Prepare(
          "SELECT id, title, provider, mode, hours, cost, language, url FROM resources WHERE id = ?");
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      r = ResourceRow(*q);
    }
    return LoadResourceLinks(std::move(r));
  });
}

absl::StatusOr<std::vector<LearningResource>> CatalogStore::ListResources(const std::string& competence_id) {
  return Guard([&]() -> absl::StatusOr<std::vector<LearningResource>> {
    std::vector<LearningResource> out;
    {
      Query q = competence_id.empty()
                    ? statements_.Prepare(
                          "SELECT id, title, provider, mode, hours, cost, language, url FROM resources ORDER BY id")
                    : statements_.Prepare(
                          "SELECT r.id, r.title, r.provider, r.mode, r.hours, r.cost, r.language, r.url "
                          "FROM resources r JOIN resource_outcomes o ON o.resource_id = r.id "
                          "WHERE o.competence_id = ? ORDER BY r.id");
      if (!competence_id.empty()) q->bind(1, competence_id);
      while (q->executeStep()) out.push_back(ResourceRow(*q));
    }
    for (LearningResource& r : out) r = LoadResourceLinks(std::move(r));
    return out;
  });
}

absl::Status CatalogStore::PutResource(const LearningResource& r) {
  return Guard([&]() -> absl::Status {
    {
      Query q = statements_.Prepare(
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
    statements_.ReplaceChildRows(
        "DELETE FROM resource_outcomes WHERE resource_id = ?",
        "INSERT INTO resource_outcomes (resource_id, competence_id, position, min_level, reaches_level) "
        "VALUES (?, ?, ?, ?, ?)",
        r.id, r.outcomes, [](SQLite::Statement& q, int position, const core::Outcome& o) {
          q.bind(2, o.competence_id);
          q.bind(3, position);
          q.bind(4, o.min_level);
          q.bind(5, o.reaches_level);
        });
    statements_.ReplaceChildRows(
        "DELETE FROM resource_prerequisites WHERE resource_id = ?",
        "INSERT INTO resource_prerequisites (resource_id, prereq_id, position) VALUES (?, ?, ?)", r.id,
        r.prerequisite_ids, BindIdAtPosition);
    statements_.ReplaceChildRows(
        "DELETE FROM resource_sessions WHERE resource_id = ?",
        "INSERT INTO resource_sessions (resource_id, id, position, start_at, end_at, capacity, location, "
        "fixed_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.id, r.sessions, [](SQLite::Statement& q, int position, const core::Session& s) {
          q.bind(2, s.id);
          q.bind(3, position);
          q.bind(4, static_cast<int64_t>(s.start));
          q.bind(5, static_cast<int64_t>(s.end));
          q.bind(6, s.capacity);
          q.bind(7, s.location);
          q.bind(8, s.fixed_cost);
        });
    if (core::ChangeSet* changes = statements_.recorder()) changes->catalog = true;
    return absl::OkStatus();
  });
}

absl::Status CatalogStore::DeleteResource(const std::string& id) {
  return Guard([&]() -> absl::Status {
    Query q = statements_.Prepare("DELETE FROM resources WHERE id = ?");
    q->bind(1, id);
    if (q->exec() == 0) return absl::NotFoundError(absl::StrCat("resource '", id, "' not found"));
    if (core::ChangeSet* changes = statements_.recorder()) changes->catalog = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> CatalogStore::DependentsOf(const std::string& id) {
  return Guard([&]() -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    Query q =
        statements_.Prepare("SELECT resource_id FROM resource_prerequisites WHERE prereq_id = ? ORDER BY resource_id");
    q->bind(1, id);
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return out;
  });
}

}  // namespace skillpath::db
