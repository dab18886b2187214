#pragma once
// The fixture db/'s tests of the store derive from, on either backend
// (issue #16): a fresh migrated database (test_database.h), the Stores
// on it and its repositories; raw SQL for what a test checks behind the
// stores' back; and the framework they store. A suite derived from it runs
// on both with SKILLPATH_ON_BOTH_BACKENDS(Suite) and TEST_P.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/ports/repository.h"
#include "db/open.h"
#include "db/store/stores.h"
#include "testing/db/raw_sql.h"
#include "testing/db/test_database.h"

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

class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  StoreFixture() : database_(GetParam()), stores_(Open()), store_(*stores_), repos_(store_.repositories()) {}
  ~StoreFixture() override {
    raw_.reset();
    stores_.reset();
    connection_.reset();
  }

  Backend backend() const { return GetParam(); }

  // SQL straight on the test's database (raw_sql.h).
  RawSql& raw() {
    if (!raw_) raw_ = std::make_unique<RawSql>(database_.address());
    return *raw_;
  }
  absl::Status Sql(const std::string& sql) { return raw().Exec(sql); }
  int64_t Scalar(const std::string& sql) { return raw().Int(sql); }
  std::string ScalarText(const std::string& sql) { return raw().Text(sql); }
  std::vector<std::pair<std::string, std::string>> TableColumns() { return raw().TableColumns(); }

  TestDatabase database_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<Stores> stores_;
  Stores& store_;
  core::Repositories repos_;

 private:
  std::unique_ptr<RawSql> raw_;
  // The connection as skillpathd's writer opens it (migrated, with its
  // pragmas or session settings), outside any transaction.
  std::unique_ptr<Stores> Open() {
    auto conn = OpenForWriting(database_.address());
    if (!conn.ok()) {
      std::fprintf(stderr, "cannot open %s: %s\n", database_.address().c_str(), conn.status().ToString().c_str());
      std::abort();
    }
    connection_ = std::move(*conn);
    return std::make_unique<Stores>(connection_->NewStatements());
  }
};

}  // namespace skillpath::db::testing

// Runs the TEST_Ps of `suite` (a StoreFixture) on SQLite and on PostgreSQL:
// Sqlite/suite.Name/0 and Postgres/suite.Name/0.
#define SKILLPATH_ON_BOTH_BACKENDS(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Sqlite, suite, ::testing::Values(::skillpath::db::testing::Backend::kSqlite)); \
  INSTANTIATE_TEST_SUITE_P(Postgres, suite, ::testing::Values(::skillpath::db::testing::Backend::kPostgres))
