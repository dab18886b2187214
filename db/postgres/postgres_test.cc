// The PostgreSQL backend's connection and migrations against a real
// PostgreSQL 15 (Debian's postgresql-15), started by the test in a
// temporary directory on loopback (testing/process/postgres_server.h): the schema
// applied in one transaction, once, however many start together, a failed
// migration leaving nothing, a newer database refused, errors mapped to the
// status a caller can act on, and the append-only rules as in SQLite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <thread>
#include <vector>

#include "db/postgres/connection.h"
#include "db/postgres/migrations.h"
#include "testing/process/postgres_server.h"

namespace skillpath::db::pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostgresTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(testing::PostgresServer::Installed()) << "postgresql-15 is not installed: ./dev test installs it";
    server_ = new testing::PostgresServer();
    if (!server_->Start()) {
      ADD_FAILURE() << server_->log();
      TearDownTestSuite();
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  // Each test on a database of its own.
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "PostgreSQL did not start";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_name_ = "t_" + std::string(info->name());
    for (char& c : db_name_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(server_->Sql("postgres", "CREATE DATABASE " + db_name_)) << server_->log();
  }
  std::string Uri() const {
    std::string uri = server_->uri();
    return uri.substr(0, uri.rfind('/') + 1) + db_name_;
  }
  std::unique_ptr<Connection> Connect() {
    auto c = Connection::Open(Uri());
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? std::move(*c) : nullptr;
  }
  static int64_t Count(Connection& db, const std::string& sql) {
    auto r = db.Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  static testing::PostgresServer* server_;
  std::string db_name_;
};
testing::PostgresServer* PostgresTest::server_ = nullptr;

TEST(PostgresAddress, TellsAUriFromAFileAndHidesThePassword) {
  EXPECT_TRUE(IsPostgresUri("postgresql://skillpath@db1,db2/skillpath?target_session_attrs=read-write"));
  EXPECT_TRUE(IsPostgresUri("postgres://localhost/x"));
  EXPECT_FALSE(IsPostgresUri("var/demo.db"));
  EXPECT_FALSE(IsPostgresUri("/srv/postgresql://x"));
  EXPECT_EQ(Redacted("postgresql://app:s3cret@db:5432/sp"), "postgresql://app:***@db:5432/sp");
  EXPECT_EQ(Redacted("postgresql://app@db/sp"), "postgresql://app@db/sp");
  EXPECT_EQ(Redacted("postgresql://db/sp?user=app&password=s3cret&sslmode=require"),
            "postgresql://db/sp?user=app&password=***&sslmode=require");
  EXPECT_EQ(Redacted("postgresql://app:pw@db1,db2/sp?password=other"), "postgresql://app:***@db1,db2/sp?password=***");
}

TEST_F(PostgresTest, TheSchemaIsAppliedOnceInOneTransaction) {
  auto db = Connect();
  ASSERT_TRUE(db);
  EXPECT_GE(db->ServerVersion(), 150000);
  EXPECT_EQ(*SchemaVersion(*db), 0);
  ASSERT_TRUE(Migrate(*db).ok());
  const int latest = Migrations().back().version;
  EXPECT_EQ(*SchemaVersion(*db), latest);
  // Every table of the SQLite schema is there.
  for (const char* table : {"frameworks", "people", "person_roles", "assessments", "resources", "plans", "plan_steps",
                            "plan_comments", "tokens", "audit_events", "audit_purges", "mail_outbox", "settings",
                            "work_calendar", "position_rules", "sign_in_requests"}) {
    EXPECT_EQ(Count(*db, std::string("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '") + table +
                             "'"),
              1)
        << table;
  }
  // The pseudonym salt is made with the database: 32 random bytes.
  auto salt = db->Exec("SELECT value FROM settings WHERE key = 'pseudonym_salt'");
  ASSERT_TRUE(salt.ok()) << salt.status();
  ASSERT_EQ(salt->rows(), 1);
  EXPECT_EQ(salt->Bytes(0, 0).size(), 32u);
  // Again: nothing to do, nothing changes.
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"), static_cast<int64_t>(Migrations().size()));
}

TEST_F(PostgresTest, ReplicasStartingTogetherMigrateOnce) {
  std::vector<std::thread> starting;
  std::vector<absl::Status> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    starting.emplace_back([&, i] {
      auto db = Connection::Open(Uri());
      results[i] = db.ok() ? Migrate(**db) : db.status();
    });
  }
  for (std::thread& t : starting) t.join();
  for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
  auto db = Connect();
  ASSERT_TRUE(db);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"), static_cast<int64_t>(Migrations().size()));
}

TEST_F(PostgresTest, AFailedMigrationLeavesTheDatabaseAsItWas) {
  auto db = Connect();
  ASSERT_TRUE(db);
  // A table in the way: the first migration cannot create its own.
  ASSERT_TRUE(db->Exec("CREATE TABLE plans (x INTEGER)").ok());
  const absl::Status s = Migrate(*db);
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << s;
  EXPECT_THAT(s.message(), HasSubstr("migration 0001_schema"));
  EXPECT_THAT(s.message(), HasSubstr("42P07"));  // duplicate table
  EXPECT_EQ(*SchemaVersion(*db), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'frameworks'"), 0);
}

TEST_F(PostgresTest, ADatabaseNewerThanThisBuildIsRefused) {
  auto db = Connect();
  ASSERT_TRUE(db);
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future')").ok());
  const absl::Status s = Migrate(*db);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(s.message(), HasSubstr("9999"));
}

TEST_F(PostgresTest, ErrorsSayWhatACallerCanDo) {
  auto db = Connect();
  ASSERT_TRUE(db);
  ASSERT_TRUE(Migrate(*db).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO org_units (id, name) VALUES ($1, $2)", {"k", "Kommunen"}).ok());
  auto again = db->Exec("INSERT INTO org_units (id, name) VALUES ($1, $2)", {"k", "Kommunen"});
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition) << again.status();
  EXPECT_THAT(again.status().message(), HasSubstr("23505"));
  auto orphan = db->Exec("INSERT INTO people (id, name, org_unit_id) VALUES ('p', 'Kari', 'nowhere')");
  EXPECT_EQ(orphan.status().code(), absl::StatusCode::kFailedPrecondition) << orphan.status();
  // Parameters are bound, never spliced: a quote is data.
  ASSERT_TRUE(db->Exec("INSERT INTO org_units (id, name, parent_id) VALUES ($1, $2, $3)",
                       {"k.it", "IT'); DROP TABLE people; --", "k"})
                  .ok());
  auto name = db->Exec("SELECT name, parent_id FROM org_units WHERE id = $1", {"k.it"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->Text(0, 0), "IT'); DROP TABLE people; --");
  auto root = db->Exec("SELECT parent_id FROM org_units WHERE id = 'k'");
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->IsNull(0, 0));
  // Bytes go as bytes: a hash with a NUL in it comes back whole.
  const std::string hash("\x01\x00\xff\x00secret", 10);
  ASSERT_TRUE(db->Exec("INSERT INTO tokens (id, secret_hash, grant_kind, created_at) VALUES ('t1', $1, 3, 0)",
                       {Param::Bytes(hash)})
                  .ok());
  auto stored = db->Exec("SELECT secret_hash, octet_length(secret_hash) FROM tokens WHERE id = 't1'");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->Bytes(0, 0), hash);
  EXPECT_EQ(stored->Int(0, 1), 10);
  auto null_person = db->Exec("SELECT COUNT(*) FROM tokens WHERE person_id IS NULL AND id = $1", {"t1"});
  ASSERT_TRUE(null_person.ok());
  EXPECT_EQ(null_person->Int(0, 0), 1);
  // Nothing listens there: UNAVAILABLE, and the password is not in the text.
  auto nowhere = Connection::Open("postgresql://skillpath:hemmelig@127.0.0.1:1/skillpath?connect_timeout=2");
  EXPECT_EQ(nowhere.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(nowhere.status().message(), Not(HasSubstr("hemmelig")));
}

TEST_F(PostgresTest, AssessmentsAndTheAuditLogAreAppendOnly) {
  auto db = Connect();
  ASSERT_TRUE(db);
  ASSERT_TRUE(Migrate(*db).ok());
  for (const char* sql :
       {"INSERT INTO frameworks (id, name) VALUES ('f', 'F')",
        "INSERT INTO areas (id, framework_id, position, name) VALUES ('a', 'f', 0, 'A')",
        "INSERT INTO competences (id, framework_id, area_id, position, name, top_level) VALUES ('c', 'f', 'a', 0, 'C', 5)",
        "INSERT INTO org_units (id, name) VALUES ('k', 'K')",
        "INSERT INTO people (id, name, org_unit_id) VALUES ('p', 'Kari', 'k')",
        "INSERT INTO assessments (id, person_id, competence_id, level, source, assessor_id, assessed_at) "
        "VALUES ('a1', 'p', 'c', 2, 2, 'm', 1)",
        "INSERT INTO audit_events (at, method, subject, outcome) VALUES (1, 'GetPersonGap', 'p', 'OK')"}) {
    ASSERT_TRUE(db->Exec(sql).ok()) << sql;
  }
  auto raise = db->Exec("UPDATE assessments SET level = 5");
  EXPECT_THAT(raise.status().message(), HasSubstr("append-only"));
  auto reassign = db->Exec("UPDATE assessments SET assessor_id = 'x'");
  EXPECT_THAT(reassign.status().message(), HasSubstr("only be removed"));
  EXPECT_TRUE(db->Exec("UPDATE assessments SET assessor_id = ''").ok());  // erasure
  EXPECT_THAT(db->Exec("DELETE FROM audit_events").status().message(), HasSubstr("retention purge"));
  EXPECT_THAT(db->Exec("UPDATE audit_events SET outcome = 'DENIED'").status().message(), HasSubstr("append-only"));
  EXPECT_TRUE(db->Exec("UPDATE audit_events SET subject = 'erased:abc'").ok());
  // The purge records its bound first; then older rows may go.
  ASSERT_TRUE(db->Exec("INSERT INTO audit_purges (at, before) VALUES (5, 2)").ok());
  auto purged = db->Exec("DELETE FROM audit_events WHERE at < 2");
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->Affected(), 1);
  EXPECT_THAT(db->Exec("DELETE FROM audit_purges").status().message(), HasSubstr("append-only"));
  // TRUNCATE fires no row trigger: refused on its own.
  EXPECT_THAT(db->Exec("TRUNCATE audit_events").status().message(), HasSubstr("append-only"));
  EXPECT_THAT(db->Exec("TRUNCATE audit_purges").status().message(), HasSubstr("append-only"));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM audit_purges"), 1);
}

TEST_F(PostgresTest, AServerThatStopsMakesCallsUnavailable) {
  auto db = Connect();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->Exec("SELECT 1").ok());
  ASSERT_TRUE(server_->Stop("fast")) << server_->log();
  auto r = db->Exec("SELECT 1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_FALSE(db->Healthy());
  ASSERT_TRUE(server_->Start()) << server_->log();
  auto fresh = Connect();
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->Exec("SELECT 1").ok());
}

}  // namespace
}  // namespace skillpath::db::pg
