#include "db/sqlite/statements.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "db/sqlite/database.h"

namespace skillpath::db {

namespace {

// Runs `fn`, an SQLite exception leaving as SqlError.
template <typename Fn>
auto Mapped(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw SqlError(FromSqliteError(e));
  }
}

}  // namespace

SqliteStatement::SqliteStatement(SQLite::Database& db, const char* sql)
    : statement_(Mapped([&] { return SQLite::Statement(db, sql); })) {}

void SqliteStatement::BindNull(int index) {
  Mapped([&] { statement_.bind(index); });
}
void SqliteStatement::BindInt64(int index, int64_t value) {
  Mapped([&] { statement_.bind(index, value); });
}
void SqliteStatement::BindDouble(int index, double value) {
  Mapped([&] { statement_.bind(index, value); });
}
void SqliteStatement::BindText(int index, const std::string& text, bool copy) {
  // Without a copy when the caller keeps the text alive through the run.
  Mapped([&] { copy ? statement_.bind(index, text) : statement_.bindNoCopy(index, text); });
}
void SqliteStatement::BindBlob(int index, absl::string_view bytes) {
  Mapped([&] { statement_.bind(index, bytes.data(), static_cast<int>(bytes.size())); });
}
bool SqliteStatement::Step() {
  return Mapped([&] { return statement_.executeStep(); });
}
int SqliteStatement::Exec() {
  return Mapped([&] { return statement_.exec(); });
}
void SqliteStatement::Reset() noexcept {
  statement_.tryReset();
  try {
    statement_.clearBindings();  // sqlite3_clear_bindings cannot fail
  } catch (...) {
  }
}
bool SqliteStatement::IsNull(int column) {
  return Mapped([&] { return statement_.isColumnNull(column); });
}
int64_t SqliteStatement::Int64(int column) {
  return Mapped([&] { return statement_.getColumn(column).getInt64(); });
}
double SqliteStatement::Double(int column) {
  return Mapped([&] { return statement_.getColumn(column).getDouble(); });
}
std::string SqliteStatement::Text(int column) {
  return Mapped([&] {
    const SQLite::Column c = statement_.getColumn(column);
    return c.isNull() ? std::string() : c.getString();
  });
}
std::string SqliteStatement::Blob(int column) {
  return Mapped([&] {
    const SQLite::Column c = statement_.getColumn(column);
    return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
  });
}

Query SqliteStatements::Prepare(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SqliteStatement>(db_, sql);
  return Query(*slot);
}

}  // namespace skillpath::db
