#pragma once
// The fixture db/'s tests of the store derive from: a fresh migrated
// database file (db_files.h), the SqliteStore on it and its repositories;
// and the framework they store.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/ports/repository.h"
#include "db/store/sqlite_store.h"
#include "testing/db_files.h"

namespace skillpath::db::testing {

// Framework "fw" (Digital omstilling) on four named levels, with area "pv"
// (Personvern) holding "pv.gdpr" (GDPR).
inline core::Framework DigitalFramework() {
  core::Framework f;
  f.id = "fw";
  f.name = "Digital omstilling";
  f.scale.levels = {{1, "Kjenner til", ""}, {2, "Anvender", ""}, {3, "Selvstendig", ""}, {4, "Ekspert", ""}};
  f.areas = {{"pv", "Personvern", "", {{"pv.gdpr", "", "GDPR", "", {}}}}};
  return f;
}

class StoreFixture : public ::testing::Test {
 protected:
  StoreFixture() : db_(OpenMigrated(tmp_.path())), store_(*db_), repos_(store_.repositories()) {}

  TempDbPath tmp_;
  std::unique_ptr<SQLite::Database> db_;
  SqliteStore store_;
  core::Repositories repos_;
};

}  // namespace skillpath::db::testing
