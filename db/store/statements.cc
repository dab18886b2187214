#include "db/store/statements.h"

#include <SQLiteCpp/Database.h>

namespace skillpath::db {

Query::~Query() {
  s_.tryReset();
  try {
    s_.clearBindings();  // sqlite3_clear_bindings cannot fail
  } catch (...) {
  }
}

Statements::Statements(SQLite::Database& db) : db_(db) {}
Statements::~Statements() = default;

Query Statements::Prepare(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
  return Query(*slot);
}

void Statements::DeleteChildRows(const char* delete_sql, const std::string& parent) {
  Query q = Prepare(delete_sql);
  q->bind(1, parent);
  q->exec();
}

}  // namespace skillpath::db
