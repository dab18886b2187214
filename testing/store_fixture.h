#pragma once
// The fixture db/'s tests of the store derive from, on either backend
// (issue #16): a fresh migrated database (an SQLite file, db_files.h, or a
// PostgreSQL database of its own made from a migrated template on one
// PostgreSQL 15 the test binary starts once, postgres_server.h), the Stores
// on it and its repositories; raw SQL for what a test checks behind the
// stores' back; and the framework they store. A suite derived from it runs
// on both with SKILLPATH_ON_BOTH_BACKENDS(Suite) and TEST_P.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "core/ports/repository.h"
#include "db/postgres/connection.h"
#include "db/postgres/migrations.h"
#include "db/postgres/statements.h"
#include "db/sqlite/statements.h"
#include "db/store/stores.h"
#include "testing/db_files.h"
#include "testing/postgres_server.h"

namespace skillpath::db::testing {

enum class Backend { kSqlite, kPostgres };

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

// The binary's one PostgreSQL, started at the first use with database
// "migrated" holding the schema, and stopped when the binary exits; nullptr
// (with why in *why) if it could not start.
inline skillpath::testing::PostgresServer* SharedPostgres(std::string* why) {
  struct Shared {
    Shared() {
      if (!skillpath::testing::PostgresServer::Installed()) {
        error = "postgresql-15 is not installed: ./dev test installs it";
        return;
      }
      server = std::make_unique<skillpath::testing::PostgresServer>(/*durable=*/false);
      if (!server->Start() || !server->Sql("postgres", "CREATE DATABASE migrated")) {
        error = server->log();
        server.reset();
        return;
      }
      auto conn = pg::Connection::Open(server->uri("migrated"));
      absl::Status migrated = conn.ok() ? pg::Migrate(**conn) : conn.status();
      if (!migrated.ok()) {
        error = migrated.ToString();
        server.reset();
      }
    }
    std::unique_ptr<skillpath::testing::PostgresServer> server;
    std::string error;
  };
  static Shared shared;
  if (why) *why = shared.error;
  return shared.server.get();
}

class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  StoreFixture() : stores_(Open()), store_(*stores_), repos_(store_.repositories()) {}
  ~StoreFixture() override {
    stores_.reset();
    pg_.reset();
    if (!pg_db_.empty()) admin_->Exec("DROP DATABASE " + pg_db_ + " WITH (FORCE)").IgnoreError();
  }

  Backend backend() const { return GetParam(); }

  // `sql` (no parameters) on the test's database: its status, so a refusal
  // by a trigger or a constraint is an error.
  absl::Status Sql(const std::string& sql) {
    if (pg_) return pg_->ExecScript(sql);
    try {
      db_->exec(sql);
      return absl::OkStatus();
    } catch (const SQLite::Exception& e) {
      return absl::FailedPreconditionError(e.what());
    }
  }
  // The first column of the first row of `sql`, as an integer or as text.
  int64_t Scalar(const std::string& sql) { return std::atoll(ScalarText(sql).c_str()); }
  std::string ScalarText(const std::string& sql) {
    if (pg_) {
      auto r = pg_->Exec(sql);
      EXPECT_TRUE(r.ok()) << r.status();
      return r.ok() && r->rows() > 0 ? std::string(r->Text(0, 0)) : std::string();
    }
    return db_->execAndGet(sql).getString();
  }
  // Every (table, column) of the schema.
  std::vector<std::pair<std::string, std::string>> TableColumns() {
    std::vector<std::pair<std::string, std::string>> out;
    if (pg_) {
      auto r = pg_->Exec(
          "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
          "ORDER BY table_name, ordinal_position");
      EXPECT_TRUE(r.ok()) << r.status();
      for (int i = 0; r.ok() && i < r->rows(); ++i) out.emplace_back(r->Text(i, 0), r->Text(i, 1));
      return out;
    }
    SQLite::Statement q(*db_,
                        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c "
                        "WHERE m.type = 'table' ORDER BY m.name, c.cid");
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    return out;
  }

  TempDbPath tmp_;
  std::unique_ptr<SQLite::Database> db_;  // SQLite
  std::unique_ptr<pg::Connection> admin_, pg_;  // PostgreSQL
  std::string pg_db_;
  std::unique_ptr<Stores> stores_;
  Stores& store_;
  core::Repositories repos_;

 private:
  std::unique_ptr<Stores> Open() {
    if (GetParam() == Backend::kSqlite) {
      db_ = OpenMigrated(tmp_.path());
      return std::make_unique<Stores>(std::make_unique<SqliteStatements>(*db_));
    }
    std::string why;
    skillpath::testing::PostgresServer* server = SharedPostgres(&why);
    if (server == nullptr) {
      std::fprintf(stderr, "PostgreSQL did not start: %s\n", why.c_str());
      std::abort();
    }
    static std::atomic<int> made{0};
    pg_db_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(made++);
    auto admin = pg::Connection::Open(server->uri("postgres"));
    if (!admin.ok() || !(*admin)->Exec("CREATE DATABASE " + pg_db_ + " TEMPLATE migrated STRATEGY FILE_COPY").ok()) std::abort();
    admin_ = std::move(*admin);
    auto conn = pg::Connection::Open(server->uri(pg_db_));
    if (!conn.ok()) std::abort();
    pg_ = std::move(*conn);
    return std::make_unique<Stores>(std::make_unique<PostgresStatements>(*pg_));
  }
};

}  // namespace skillpath::db::testing

// Runs the TEST_Ps of `suite` (a StoreFixture) on SQLite and on PostgreSQL:
// Sqlite/suite.Name/0 and Postgres/suite.Name/0.
#define SKILLPATH_ON_BOTH_BACKENDS(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Sqlite, suite, ::testing::Values(::skillpath::db::testing::Backend::kSqlite)); \
  INSTANTIATE_TEST_SUITE_P(Postgres, suite, ::testing::Values(::skillpath::db::testing::Backend::kPostgres))
