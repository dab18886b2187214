#include "db/store/sqlite_store.h"

namespace skillpath::db {

SqliteStore::SqliteStore(SQLite::Database& db)
    : statements_(db),
      frameworks_(statements_),
      org_(statements_),
      assessments_(statements_),
      catalog_(statements_),
      plans_(statements_),
      access_(statements_, org_, assessments_),
      notify_(statements_, org_, plans_) {}

}  // namespace skillpath::db
