// The two schemas side by side (issue #16): SQLite's after all its
// migrations (db/migrations/*.sql) and PostgreSQL's
// (db/migrations/postgresql/), the latter in a real PostgreSQL 15 the test
// starts (testing/process/postgres_server.h). Every table, every column in order
// with its NOT NULL and its default, every named index and the settings
// rows made with the database must be the same, so that the two backends'
// stores can hold the same data.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "db/postgres/connection.h"
#include "db/postgres/migrations.h"
#include "db/sqlite/database.h"
#include "testing/process/postgres_server.h"

namespace skillpath::db {
namespace {

// One column as both schemas can say it.
struct Column {
  std::string name;
  bool not_null = false;
  std::string default_value;  // "" for none
  bool operator==(const Column& o) const {
    return name == o.name && not_null == o.not_null && default_value == o.default_value;
  }
};
std::ostream& operator<<(std::ostream& out, const Column& c) {
  return out << c.name << (c.not_null ? " NOT NULL" : "") << (c.default_value.empty() ? "" : " DEFAULT ")
             << c.default_value;
}

struct Schema {
  std::map<std::string, std::vector<Column>> tables;
  std::set<std::string> indexes;
  std::set<std::string> settings;
};

Schema OfSqlite(SQLite::Database& db) {
  Schema s;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement info(db, "SELECT name, \"notnull\", dflt_value, pk FROM pragma_table_info(?)");
    info.bind(1, table);
    while (info.executeStep()) {
      // A primary key column is NOT NULL in PostgreSQL whatever it says.
      s.tables[table].push_back({info.getColumn(0).getString(),
                                 info.getColumn(1).getInt() != 0 || info.getColumn(3).getInt() != 0,
                                 info.getColumn(2).isNull() ? "" : info.getColumn(2).getString()});
    }
  }
  SQLite::Statement indexes(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
  while (indexes.executeStep()) s.indexes.insert(indexes.getColumn(0).getString());
  SQLite::Statement settings(db, "SELECT key FROM settings");
  while (settings.executeStep()) s.settings.insert(settings.getColumn(0).getString());
  return s;
}

// PostgreSQL's default as SQLite writes it: "''::text" is "''".
std::string WithoutCast(std::string value) {
  const size_t cast = value.rfind("::");
  if (cast != std::string::npos && value.find('\'', cast) == std::string::npos) value.erase(cast);
  return value;
}

Schema OfPostgres(pg::Connection& db) {
  Schema s;
  auto columns = db.Exec(
      "SELECT table_name, column_name, is_nullable, COALESCE(column_default, '') FROM information_schema.columns "
      "WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position");
  EXPECT_TRUE(columns.ok()) << columns.status();
  for (int r = 0; columns.ok() && r < columns->rows(); ++r) {
    s.tables[std::string(columns->Text(r, 0))].push_back(
        {std::string(columns->Text(r, 1)), columns->Text(r, 2) == "NO", WithoutCast(std::string(columns->Text(r, 3)))});
  }
  // Named indexes: not those PostgreSQL makes for a primary key or UNIQUE.
  auto indexes = db.Exec(
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN "
      "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))");
  EXPECT_TRUE(indexes.ok()) << indexes.status();
  for (int r = 0; indexes.ok() && r < indexes->rows(); ++r) s.indexes.insert(std::string(indexes->Text(r, 0)));
  auto settings = db.Exec("SELECT key FROM settings");
  EXPECT_TRUE(settings.ok()) << settings.status();
  for (int r = 0; settings.ok() && r < settings->rows(); ++r) s.settings.insert(std::string(settings->Text(r, 0)));
  return s;
}

TEST(SchemaParity, PostgresHoldsWhatSqliteHolds) {
  ASSERT_TRUE(testing::PostgresServer::Installed()) << "postgresql-15 is not installed: ./dev test installs it";
  testing::PostgresServer server;
  ASSERT_TRUE(server.Start()) << server.log();
  auto pg = pg::Connection::Open(server.uri());
  ASSERT_TRUE(pg.ok()) << pg.status();
  ASSERT_TRUE(pg::Migrate(**pg).ok());
  SQLite::Database sqlite(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  ASSERT_TRUE(Migrate(sqlite).ok());

  const Schema want = OfSqlite(sqlite);
  const Schema have = OfPostgres(**pg);
  ASSERT_GE(want.tables.size(), 30u);
  for (const auto& [table, columns] : want.tables) {
    auto it = have.tables.find(table);
    ASSERT_NE(it, have.tables.end()) << "PostgreSQL has no table " << table;
    EXPECT_THAT(it->second, ::testing::ElementsAreArray(columns)) << table;
  }
  // The change log serves replicas on one PostgreSQL database; one SQLite
  // file has one server (migration 0002_change_log.sql).
  const std::set<std::string> replicas_only = {"change_log"};
  for (const auto& [table, columns] : have.tables) {
    EXPECT_TRUE(want.tables.count(table) || replicas_only.count(table)) << "only in PostgreSQL: " << table;
  }
  EXPECT_EQ(have.indexes, want.indexes);
  EXPECT_EQ(have.settings, want.settings);
}

}  // namespace
}  // namespace skillpath::db
