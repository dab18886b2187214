#include "absl/strings/str_cat.h"
#include "core/model/errors.h"
#include "db/postgres/migrations.h"

namespace skillpath::db::pg {
namespace {

// The advisory lock every skillpathd takes to migrate ("skillpath" as a
// number), so that two starting at once do it one after the other.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7310036234712389479)";

constexpr const char* kTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

absl::StatusOr<int> Applied(Connection& db) {
  ASSIGN_OR_RETURN(Result r, db.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(r.Int(0, 0));
}

absl::Status MigrateInTransaction(Connection& db) {
  RETURN_IF_ERROR(db.Exec(kLock).status());
  RETURN_IF_ERROR(db.Exec(kTable).status());
  ASSIGN_OR_RETURN(const int current, Applied(db));
  const auto& all = Migrations();
  const int latest = all.empty() ? 0 : all.back().version;
  if (current > latest) {
    return absl::FailedPreconditionError(absl::StrCat("database schema version ", current,
                                                      " is newer than this build knows (", latest, ")"));
  }
  for (const Migration& m : all) {
    if (m.version <= current) continue;
    if (absl::Status s = db.ExecScript(m.sql); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("migration ", m.name, ": ", s.message()));
    }
    RETURN_IF_ERROR(db.Exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                            {std::to_string(m.version), std::string(m.name)})
                        .status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> SchemaVersion(Connection& db) {
  ASSIGN_OR_RETURN(Result r, db.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (r.Text(0, 0) != "t") return 0;
  return Applied(db);
}

absl::Status Migrate(Connection& db) {
  RETURN_IF_ERROR(db.Exec("BEGIN").status());
  absl::Status s = MigrateInTransaction(db);
  if (s.ok()) s = db.Exec("COMMIT").status();
  if (!s.ok() && db.Healthy()) db.Exec("ROLLBACK").IgnoreError();
  return s;
}

}  // namespace skillpath::db::pg
