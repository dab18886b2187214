#include "db/sqlite/statements.h"

#include <SQLiteCpp/Database.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

std::string UpsertSql(absl::string_view table, std::initializer_list<absl::string_view> columns) {
  std::string placeholders = "?", updates;
  for (auto column = columns.begin() + 1; column != columns.end(); ++column) {
    absl::StrAppend(&placeholders, ", ?");
    absl::StrAppend(&updates, updates.empty() ? "" : ", ", *column, " = excluded.", *column);
  }
  return absl::StrCat("INSERT INTO ", table, " (", absl::StrJoin(columns, ", "), ") VALUES (", placeholders,
                      ") ON CONFLICT(", *columns.begin(), ") DO UPDATE SET ", updates);
}

}  // namespace skillpath::db
