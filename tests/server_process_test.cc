// End-to-end tests of the skillpathd binary: health and reflection, restart,
// SIGKILL and SIGTERM while clients write, the demo seed, online backup, the
// config file, token commands and bad flags. The CLI and the demo's gaps
// against a running server are demo_test.cc.
#include "testing/process/server_process.h"

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/background_writers.h"
#include "testing/skillpathd_commands.h"
#include "testing/small_org.h"

namespace skillpath {
namespace {

using testing::BackgroundWriters;
using testing::Connect;
using testing::CountJsonArray;
using ::testing::HasSubstr;
using testing::RunCommand;
using testing::ServerProcess;
using testing::StoredAssessmentIds;
using testing::TempPath;

// The small organisation of testing/small_org.h: Kari Nordmann (E1), whose
// assessments of pv.gdpr the writers below record.
void SeedMinimal(const std::shared_ptr<grpc::Channel>& channel) {
  ASSERT_TRUE(services::testing::LoadOrg(services::testing::SmallOrg(), channel));
}


TEST(ServerProcess, ServesHealthAndReflection) {
  const std::string db = TempPath("health.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(server.Start()) << server.log();
  auto channel = Connect(server);
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  ASSERT_TRUE(health->Check(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext rctx;
  auto stream = reflection->ServerReflectionInfo(&rctx);
  grpc::reflection::v1alpha::ServerReflectionRequest rreq;
  rreq.set_list_services("");
  ASSERT_TRUE(stream->Write(rreq));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse rresp;
  ASSERT_TRUE(stream->Read(&rresp));
  std::set<std::string> services;
  for (const auto& s : rresp.list_services_response().service()) services.insert(s.name());
  EXPECT_TRUE(stream->Finish().ok());
  for (const char* name : {"skillpath.v1.FrameworkService", "skillpath.v1.OrgService", "skillpath.v1.AssessmentService",
                           "skillpath.v1.CatalogService", "skillpath.v1.GapService", "skillpath.v1.PlanService",
                           "grpc.health.v1.Health"}) {
    EXPECT_TRUE(services.count(name)) << name;
  }
  EXPECT_EQ(server.Terminate(), 0);
}

TEST(ServerProcess, DataSurvivesARestart) {
  const std::string db = TempPath("restart.db");
  {
    ServerProcess server(SKILLPATHD_BIN, {"--db", db});
    ASSERT_TRUE(server.Start()) << server.log();
    SeedMinimal(Connect(server));
    EXPECT_EQ(server.Terminate(), 0);
    EXPECT_THAT(server.log(), HasSubstr("stopped cleanly"));
  }
  ServerProcess again(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(again.Start()) << again.log();
  auto org = v1::OrgService::NewStub(Connect(again));
  grpc::ClientContext ctx;
  v1::GetRequest req;
  req.set_id("E1");
  v1::Person p;
  ASSERT_TRUE(org->GetPerson(&ctx, req, &p).ok());
  EXPECT_EQ(p.name(), "Kari Nordmann");
}

// Starts skillpathd on `db`, records assessments from `threads` clients
// until `acks` are acknowledged, stops the server with `stop` while they
// still write, and returns the ids it acknowledged (none if it did not start).
std::set<std::string> AcknowledgedBeforeStop(const std::string& db, int threads, int acks,
                                             const std::function<void(ServerProcess&)>& stop) {
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  if (!server.Start()) {
    ADD_FAILURE() << server.log();
    return {};
  }
  auto channel = Connect(server);
  SeedMinimal(channel);
  BackgroundWriters writers(channel, threads);
  writers.WaitForAcks(acks);
  stop(server);
  return writers.StopAndGet();
}

TEST(ServerProcess, EveryAcknowledgedWriteSurvivesSigkill) {
  const std::string db = TempPath("sigkill.db");
  // Killed mid-write: no shutdown path.
  const std::set<std::string> acked = AcknowledgedBeforeStop(db, 16, 2000, [](ServerProcess& s) { s.Kill(); });
  ASSERT_GE(acked.size(), 2000u);
  ServerProcess again(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(again.Start()) << again.log();
  std::set<std::string> stored = StoredAssessmentIds(Connect(again));
  size_t missing = 0;
  for (const auto& id : acked) missing += stored.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged writes";
}

TEST(ServerProcess, AnImportOfManyRowsPerMessageIsDurableOnceItsSummaryArrives) {
  const std::string db = TempPath("import-sigkill.db");
  constexpr int kRows = 7500, kPerMessage = 1000;  // batches of 2,000 and 4,000, and the rest
  {
    ServerProcess server(SKILLPATHD_BIN, {"--db", db});
    ASSERT_TRUE(server.Start()) << server.log();
    auto channel = Connect(server);
    SeedMinimal(channel);
    auto stub = v1::AssessmentService::NewStub(channel);
    grpc::ClientContext ctx;
    v1::ImportSummary summary;
    auto stream = stub->ImportAssessments(&ctx, &summary);
    v1::Assessment message;
    for (int i = 0; i < kRows; ++i) {
      v1::Assessment* a = message.add_rows();
      a->set_id("imported-" + std::to_string(i));
      a->set_person_id("E1");
      a->set_competence_id("pv.gdpr");
      a->set_level(i % 2);
      a->set_source(v1::SELF);
      if (message.rows_size() == kPerMessage || i + 1 == kRows) {
        ASSERT_TRUE(stream->Write(message));
        message.clear_rows();
      }
    }
    stream->WritesDone();
    grpc::Status s = stream->Finish();
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(summary.accepted(), kRows);
    // The summary acknowledges every row: killed right after it, with no
    // shutdown path, the server must have them on disk.
    server.Kill();
  }
  ServerProcess again(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(again.Start()) << again.log();
  const std::set<std::string> stored = StoredAssessmentIds(Connect(again));
  int missing = 0;
  for (int i = 0; i < kRows; ++i) missing += stored.count("imported-" + std::to_string(i)) == 0;
  EXPECT_EQ(missing, 0) << "of " << kRows << " acknowledged rows";
  EXPECT_EQ(stored.size(), static_cast<size_t>(kRows));
}

TEST(ServerProcess, SigtermDrainsWritesAndClosesTheDatabaseCleanly) {
  const std::string db = TempPath("sigterm.db");
  const std::set<std::string> acked = AcknowledgedBeforeStop(db, 8, 500, [](ServerProcess& server) {
    EXPECT_EQ(server.Terminate(), 0) << server.log();
    EXPECT_THAT(server.log(), HasSubstr("draining"));
    EXPECT_THAT(server.log(), HasSubstr("stopped cleanly"));
  });
  ASSERT_FALSE(acked.empty());
  SQLite::Database file(db);
  EXPECT_EQ(file.execAndGet("PRAGMA integrity_check").getString(), "ok");
  std::set<std::string> stored;
  SQLite::Statement q(file, "SELECT id FROM assessments");
  while (q.executeStep()) stored.insert(q.getColumn(0).getString());
  for (const auto& id : acked) EXPECT_TRUE(stored.count(id)) << id;
}

TEST(ServerProcess, DemoSeedLoadsEveryFileOnceAndDeterministically) {
  const std::string db = TempPath("demo.db");
  const int people_in_file = CountJsonArray("db/seed/demo/people.json", "people");
  const int assessments_in_file = CountJsonArray("db/seed/demo/assessments.json", "assessments");
  ASSERT_GT(people_in_file, 250);
  std::string first_listing;
  for (int round = 0; round < 2; ++round) {
    ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
    ASSERT_TRUE(server.Start()) << server.log();
    if (round == 1) {
      EXPECT_THAT(server.log(), HasSubstr("not seeding"));
    }
    auto channel = Connect(server);
    auto org = v1::OrgService::NewStub(channel);
    auto fw = v1::FrameworkService::NewStub(channel);
    grpc::ClientContext c1, c2;
    v1::ListPeopleResponse people;
    ASSERT_TRUE(org->ListPeople(&c1, {}, &people).ok());
    EXPECT_EQ(people.people_size(), people_in_file);
    v1::ListFrameworksResponse frameworks;
    ASSERT_TRUE(fw->ListFrameworks(&c2, {}, &frameworks).ok());
    std::set<std::string> ids;
    for (const auto& f : frameworks.frameworks()) ids.insert(f.id());
    EXPECT_TRUE(ids.count("digital-omstilling"));
    EXPECT_TRUE(ids.count("digcomp-2.2"));
    auto assessments = v1::AssessmentService::NewStub(channel);
    int total = 0;
    for (const auto& p : people.people()) {
      grpc::ClientContext ctx;
      v1::ListAssessmentsRequest req;
      req.set_person_id(p.id());
      v1::ListAssessmentsResponse resp;
      ASSERT_TRUE(assessments->ListAssessments(&ctx, req, &resp).ok());
      total += resp.assessments_size();
    }
    EXPECT_EQ(total, assessments_in_file);
    if (round == 0) first_listing = people.SerializeAsString();
    EXPECT_EQ(server.Terminate(), 0);
  }
  // A second, fresh database seeds to the same content.
  const std::string db2 = TempPath("demo2.db");
  ServerProcess other(SKILLPATHD_BIN, {"--db", db2, "--demo"});
  ASSERT_TRUE(other.Start()) << other.log();
  auto org = v1::OrgService::NewStub(Connect(other));
  grpc::ClientContext ctx;
  v1::ListPeopleResponse people;
  ASSERT_TRUE(org->ListPeople(&ctx, {}, &people).ok());
  EXPECT_EQ(people.SerializeAsString(), first_listing);
}

TEST(ServerProcess, BackupCopiesALiveDatabaseConsistently) {
  const std::string db = TempPath("live.db"), copy = TempPath("copy.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(server.Start()) << server.log();
  auto channel = Connect(server);
  SeedMinimal(channel);
  BackgroundWriters writers(channel, 4);
  writers.WaitForAcks(200);
  std::string out;
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " backup --db " + db + " --to " + copy, &out), 0) << out;
  writers.StopAndGet();
  SQLite::Database file(copy);
  EXPECT_EQ(file.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(file.execAndGet("SELECT name FROM people WHERE id = 'E1'").getString(), "Kari Nordmann");
  EXPECT_GE(file.execAndGet("SELECT count(*) FROM assessments").getInt(), 200);
}

TEST(ServerProcess, ReadsOptionsFromAConfigFile) {
  const std::string db = TempPath("config.db"), config = TempPath("skillpathd.toml");
  std::ofstream(config) << "db = \"" << db << "\"\nlisten = \"127.0.0.1:0\"\nlog-level = \"debug\"\n";
  ServerProcess server(SKILLPATHD_BIN, {"--config", config});
  ASSERT_TRUE(server.Start()) << server.log();
  EXPECT_THAT(server.log(), HasSubstr("database " + db));
}

// Sign-in's settings (issue #12) in the TOML file, the grants mapping as
// its own [oidc.grants] section; the provider is found on first use, so the
// server starts without it.
TEST(ServerProcess, ReadsSignInSettingsAndTheirGrantsFromTheConfigFile) {
  const std::string db = TempPath("oidc.db"), config = TempPath("oidc.toml"), secret = TempPath("oidc-secret");
  std::ofstream(secret) << "s3cret-from-the-provider\n";
  ASSERT_EQ(chmod(secret.c_str(), 0600), 0);
  std::ofstream(config) << "db = \"" << db << "\"\nlisten = \"127.0.0.1:0\"\nhttp = \"127.0.0.1:0\"\n"
                        << "oidc-issuer = \"http://127.0.0.1:9\"\noidc-client-id = \"skillpath\"\n"
                        << "oidc-client-secret-file = \"" << secret << "\"\npublic-url = \"http://127.0.0.1:8080\"\n"
                        << "oidc-grants-claim = \"roles\"\n\n[oidc.grants]\nHR = [\"g-hr\", \"g-hr-2\"]\n"
                        << "AGGREGATE = [\"g-tillitsvalgt\"]\n";
  ServerProcess server(SKILLPATHD_BIN, {"--config", config});
  ASSERT_TRUE(server.Start()) << server.log();
  EXPECT_THAT(server.log(), HasSubstr("sign-in: OpenID provider http://127.0.0.1:9 (client skillpath"));
  EXPECT_THAT(server.log(), HasSubstr("grants from 'roles': HR <- g-hr, g-hr-2; AGGREGATE <- g-tillitsvalgt"));
  EXPECT_THAT(server.log(), HasSubstr("redirect http://127.0.0.1:8080/auth/callback"));
  EXPECT_EQ(server.log().find("s3cret"), std::string::npos) << "the secret is never logged";
  EXPECT_EQ(server.Terminate(), 0) << server.log();
}

TEST(ServerProcess, RefusesSignInSettingsThatCannotWork) {
  const std::string db = TempPath("oidc-bad.db"), secret = TempPath("oidc-open-secret");
  std::ofstream(secret) << "s3cret\n";
  ASSERT_EQ(chmod(secret.c_str(), 0644), 0);
  std::string out;
  const std::string base = std::string(SKILLPATHD_BIN) + " --db " + db + " --listen 127.0.0.1:0 --http 127.0.0.1:0";
  EXPECT_EQ(RunCommand(base + " --oidc-issuer https://idp.kommune.no --oidc-client-id c --oidc-client-secret-file " +
                           secret + " --public-url https://skillpath.kommune.no",
                       &out),
            2);
  EXPECT_THAT(out, HasSubstr("is readable by others: chmod 600 it"));
  ASSERT_EQ(chmod(secret.c_str(), 0600), 0);
  EXPECT_NE(RunCommand(base + " --oidc-issuer http://idp.kommune.no --oidc-client-id c --oidc-client-secret-file " +
                           secret + " --public-url https://skillpath.kommune.no",
                       &out),
            0);
  EXPECT_THAT(out, HasSubstr("must be https (http only on a loopback address)"));
  EXPECT_EQ(RunCommand(base + " --oidc-issuer https://idp.kommune.no --oidc-client-id c --oidc-client-secret-file " +
                           secret + " --public-url https://s.no --oidc-grant BOSS=g-1",
                       &out),
            2);
  EXPECT_THAT(out, HasSubstr("--oidc-grant: 'BOSS=g-1' must be HR=<value>, ADMIN=<value> or AGGREGATE=<value>"));
}

TEST(ServerProcess, TokenCommandsKeepOnlyAHashOfTheSecret) {
  const std::string db = TempPath("tokens.db");
  std::string out;
  ASSERT_EQ(
      RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant HR --description hr-app", &out),
      0)
      << out;
  // Only the token on standard output (one line); stderr is merged here and empty.
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  const std::string token = out.substr(0, out.size() - 1);
  const std::string id = token.substr(0, token.find('.')), secret = token.substr(token.find('.') + 1);
  ASSERT_EQ(id.substr(0, 4), "tok_");
  // The database file (and its WAL) never holds the secret.
  for (const std::string& file : {db, db + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(secret), std::string::npos) << file;
    EXPECT_EQ(bytes.find(token), std::string::npos) << file;
  }
  ASSERT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token list --db " + db, &out), 0);
  EXPECT_THAT(out, HasSubstr(id));
  EXPECT_THAT(out, HasSubstr("valid"));
  EXPECT_EQ(out.find(secret), std::string::npos);
  ASSERT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token revoke --db " + db + " --id " + id, &out), 0) << out;
  ASSERT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token list --db " + db, &out), 0);
  EXPECT_THAT(out, HasSubstr("revoked"));
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant EMPLOYEE", &out), 1);
  EXPECT_THAT(out, HasSubstr("give --person"));
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant ROOT", &out), 1);
  EXPECT_THAT(out, HasSubstr("'ROOT' is not one of"));
}

TEST(ServerProcess, BadFlagsAndPathsFailWithAMessage) {
  std::string out;
  EXPECT_NE(RunCommand(std::string(SKILLPATHD_BIN) + " --log-level loud", &out), 0);
  EXPECT_THAT(out, HasSubstr("--log-level"));
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " --db /nonexistent/dir/x.db --listen 127.0.0.1:0", &out), 1);
  EXPECT_THAT(out, HasSubstr("cannot open database"));
}

}  // namespace
}  // namespace skillpath
