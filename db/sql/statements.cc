#include "db/sql/statements.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace skillpath::db {

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
