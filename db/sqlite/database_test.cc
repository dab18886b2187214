#include "db/sqlite/database.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "db/sqlite/migrations.h"
#include "testing/db/db_files.h"

namespace skillpath::db {
namespace {

TEST(Migrations, AreNumberedWithoutGaps) {
  const auto& all = Migrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, static_cast<int>(i) + 1) << all[i].name;
}

TEST(Migrate, BringsAFreshDatabaseToTheLatestVersionAndIsIdempotent) {
  testing::TempDbPath tmp;
  auto db = OpenDatabase(tmp.path(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*SchemaVersion(**db), 0);
  ASSERT_TRUE(Migrate(**db).ok());
  EXPECT_EQ(*SchemaVersion(**db), Migrations().back().version);
  ASSERT_TRUE(Migrate(**db).ok()) << "a second start must not re-apply migrations";
  EXPECT_EQ(*SchemaVersion(**db), Migrations().back().version);
  EXPECT_EQ((*db)->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'assessments'").getInt(), 1);
}

TEST(Migrate, SetsThePragmasTheDesignAsksFor) {
  testing::TempDbPath tmp;
  auto db = testing::OpenMigrated(tmp.path());
  EXPECT_EQ(db->execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db->execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db->execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_GT(db->execAndGet("PRAGMA busy_timeout").getInt(), 0);
}

TEST(Migrate, RefusesADatabaseFromANewerBuild) {
  testing::TempDbPath tmp;
  auto db = testing::OpenMigrated(tmp.path());
  db->exec("PRAGMA user_version = 999");
  absl::Status s = Migrate(*db);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(s.message()).find("999"), std::string::npos);
}

TEST(Migrate, AFailedMigrationLeavesTheOldSchema) {
  // A database at version 0 with a table that collides with the first
  // migration: the migration fails and nothing of it stays.
  testing::TempDbPath tmp;
  auto db = OpenDatabase(tmp.path(), OpenMode::kReadWrite);
  ASSERT_TRUE(db.ok());
  (*db)->exec("CREATE TABLE roles (x INTEGER)");
  EXPECT_FALSE(Migrate(**db).ok());
  EXPECT_EQ(*SchemaVersion(**db), 0);
  EXPECT_EQ((*db)->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'frameworks'").getInt(), 0);
}

TEST(Backup, CopiesEveryRow) {
  testing::TempDbPath src, dst;
  auto db = testing::OpenMigrated(src.path());
  db->exec("INSERT INTO org_units (id, name) VALUES ('root', 'Kommune')");
  ASSERT_TRUE(Backup(src.path(), dst.path()).ok());
  SQLite::Database copy(dst.path());
  EXPECT_EQ(copy.execAndGet("SELECT name FROM org_units WHERE id = 'root'").getString(), "Kommune");
}

TEST(Backup, ReportsAMissingSource) {
  testing::TempDbPath dst;
  EXPECT_FALSE(Backup("/nonexistent/dir/x.db", dst.path()).ok());
}

}  // namespace
}  // namespace skillpath::db
