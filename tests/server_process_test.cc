// End-to-end tests of the skillpathd binary: health and reflection, restart,
// SIGKILL and SIGTERM while clients write, the demo seed, online backup, the
// config file, and the skillpath CLI against a running server.
#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "client/bearer.h"
#include "core/access/access.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "testing/server_process.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using testing::ServerProcess;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/skillpath-e2e-" + std::to_string(getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

std::string ReadSource(const std::string& rel) {
  std::ifstream in(std::string(SKILLPATH_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a command; returns its exit code and fills `out` with stdout+stderr.
int RunCommand(const std::string& command, std::string* out) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  out->clear();
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out->append(buf, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A token made with `skillpathd token create` on the server's database.
std::string CreateToken(const std::string& db, const std::string& grant, const std::string& person = "") {
  std::string out;
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant " + grant +
                           (person.empty() ? "" : " --person " + person),
                       &out),
            0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A channel whose calls carry an ADMIN token where the policy allows ADMIN
// and an HR token otherwise: these tests are about the server, not access.
std::shared_ptr<grpc::Channel> Connect(const ServerProcess& server) {
  const std::string admin = CreateToken(server.db_path(), "ADMIN"), hr = CreateToken(server.db_path(), "HR");
  return services::BearerChannel(server.address(), grpc::InsecureChannelCredentials(),
                                 services::AdminWhereAllowed(admin, hr));
}

// The demo users' tokens, by grant, from the file skillpathd keeps next to
// the database.
std::map<std::string, std::string> DemoTokens(const std::string& db) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(db + ".demo-tokens");
  std::string grant, person, token, rest;
  while (in >> grant >> person >> token && std::getline(in, rest)) tokens[grant] = token;
  return tokens;
}

void SeedMinimal(const std::shared_ptr<grpc::Channel>& channel) {
  auto fw = v1::FrameworkService::NewStub(channel);
  auto org = v1::OrgService::NewStub(channel);
  v1::Framework f;
  f.set_id("fw");
  f.set_name("Rammeverk");
  auto* level = f.mutable_scale()->add_levels();
  level->set_level(1);
  level->set_name("Grunnleggende");
  auto* area = f.add_areas();
  area->set_id("a");
  area->set_name("Område");
  auto* c = area->add_competences();
  c->set_id("c");
  c->set_name("Kompetanse");
  grpc::ClientContext c1, c2, c3;
  v1::Framework fout;
  ASSERT_TRUE(fw->UpsertFramework(&c1, f, &fout).ok());
  v1::OrgUnit u, uout;
  u.set_id("root");
  u.set_name("Kommune");
  ASSERT_TRUE(org->UpsertOrgUnit(&c2, u, &uout).ok());
  v1::Person p, pout;
  p.set_id("E1");
  p.set_name("Kari Nordmann");
  p.set_org_unit_id("root");
  ASSERT_TRUE(org->UpsertPerson(&c3, p, &pout).ok());
}

// Writers that record assessments with known ids until stopped, remembering
// which ones the server acknowledged.
class BackgroundWriters {
 public:
  BackgroundWriters(std::shared_ptr<grpc::Channel> channel, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, channel, t] {
        auto stub = v1::AssessmentService::NewStub(channel);
        for (int i = 0; !stop_; ++i) {
          v1::Assessment a, out;
          a.set_id("w" + std::to_string(t) + "-" + std::to_string(i));
          a.set_person_id("E1");
          a.set_competence_id("c");
          a.set_level(i % 2);
          a.set_source(v1::SELF);
          grpc::ClientContext ctx;
          ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
          if (stub->RecordAssessment(&ctx, a, &out).ok()) {
            std::lock_guard<std::mutex> lock(mu_);
            acked_.insert(a.id());
          } else {
            failures_++;
          }
        }
      });
    }
  }
  void WaitForAcks(size_t n) {
    for (int i = 0; i < 3000; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (acked_.size() >= n) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::set<std::string> StopAndGet() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
    std::lock_guard<std::mutex> lock(mu_);
    return acked_;
  }
  ~BackgroundWriters() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::mutex mu_;
  std::set<std::string> acked_;
};

std::set<std::string> StoredAssessmentIds(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::AssessmentService::NewStub(channel);
  grpc::ClientContext ctx;
  v1::ListAssessmentsRequest req;
  req.set_person_id("E1");
  v1::ListAssessmentsResponse resp;
  EXPECT_TRUE(stub->ListAssessments(&ctx, req, &resp).ok());
  std::set<std::string> ids;
  for (const auto& a : resp.assessments()) ids.insert(a.id());
  return ids;
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

TEST(ServerProcess, EveryAcknowledgedWriteSurvivesSigkill) {
  const std::string db = TempPath("sigkill.db");
  std::set<std::string> acked;
  {
    ServerProcess server(SKILLPATHD_BIN, {"--db", db});
    ASSERT_TRUE(server.Start()) << server.log();
    auto channel = Connect(server);
    SeedMinimal(channel);
    BackgroundWriters writers(channel, 16);
    writers.WaitForAcks(2000);
    server.Kill();  // mid-write, no shutdown path
    acked = writers.StopAndGet();
  }
  ASSERT_GE(acked.size(), 2000u);
  ServerProcess again(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(again.Start()) << again.log();
  std::set<std::string> stored = StoredAssessmentIds(Connect(again));
  size_t missing = 0;
  for (const auto& id : acked) missing += stored.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged writes";
}

TEST(ServerProcess, SigtermDrainsWritesAndClosesTheDatabaseCleanly) {
  const std::string db = TempPath("sigterm.db");
  std::set<std::string> acked;
  {
    ServerProcess server(SKILLPATHD_BIN, {"--db", db});
    ASSERT_TRUE(server.Start()) << server.log();
    auto channel = Connect(server);
    SeedMinimal(channel);
    BackgroundWriters writers(channel, 8);
    writers.WaitForAcks(500);
    EXPECT_EQ(server.Terminate(), 0) << server.log();
    acked = writers.StopAndGet();
    EXPECT_THAT(server.log(), HasSubstr("draining"));
    EXPECT_THAT(server.log(), HasSubstr("stopped cleanly"));
  }
  SQLite::Database file(db);
  EXPECT_EQ(file.execAndGet("PRAGMA integrity_check").getString(), "ok");
  std::set<std::string> stored;
  SQLite::Statement q(file, "SELECT id FROM assessments");
  while (q.executeStep()) stored.insert(q.getColumn(0).getString());
  for (const auto& id : acked) EXPECT_TRUE(stored.count(id)) << id;
}

int CountJsonArray(const std::string& rel, const std::string& key) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource(rel), &s).ok()) << rel;
  return s.fields().at(key).list_value().values_size();
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

TEST(ServerProcess, TokenCommandsKeepOnlyAHashOfTheSecret) {
  const std::string db = TempPath("tokens.db");
  std::string out;
  ASSERT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant HR --description hr-app",
                       &out), 0) << out;
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

TEST(Cli, ShowsTablesJsonAndErrorsAgainstTheDemo) {
  const std::string db = TempPath("cli.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  const auto demo = DemoTokens(db);
  ASSERT_EQ(demo.size(), 5u) << "one token per demo user";
  EXPECT_THAT(server.log(), HasSubstr(demo.at("EMPLOYEE"))) << "skillpathd shows the demo tokens";
  const std::string bare = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address();
  const std::string cli = bare + " --token " + demo.at("HR");

  // Who may call: no token, the token from the environment, an employee
  // asking about someone else.
  std::string denied;
  EXPECT_EQ(RunCommand(bare + " framework list", &denied), 1);
  EXPECT_THAT(denied, HasSubstr("UNAUTHENTICATED"));
  EXPECT_EQ(RunCommand("SKILLPATH_TOKEN=" + demo.at("EMPLOYEE") + " " + bare + " gap person E1062", &denied), 0)
      << denied;
  EXPECT_EQ(RunCommand("SKILLPATH_TOKEN=" + demo.at("EMPLOYEE") + " " + bare + " gap person E1001", &denied), 1);
  EXPECT_THAT(denied, HasSubstr("PERMISSION_DENIED"));
  std::string who;
  ASSERT_EQ(RunCommand(bare + " --token " + demo.at("MANAGER") + " whoami", &who), 0) << who;
  EXPECT_THAT(who, HasSubstr("grant   MANAGER"));
  EXPECT_THAT(who, HasSubstr("(E1061), unit ho.hjemme"));
  EXPECT_THAT(who, HasSubstr("manages ho.hjemme"));

  google::protobuf::Struct people;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/people.json"), &people).ok());
  const auto& first = people.fields().at("people").list_value().values(0).struct_value().fields();
  const std::string id = first.at("id").string_value(), name = first.at("name").string_value();

  std::string out;
  ASSERT_EQ(RunCommand(cli + " person show " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(name));
  EXPECT_THAT(out, HasSubstr("Assessments ("));

  ASSERT_EQ(RunCommand(cli + " --json framework list", &out), 0) << out;
  v1::ListFrameworksResponse frameworks;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &frameworks).ok()) << out;
  EXPECT_GE(frameworks.frameworks_size(), 2);

  ASSERT_EQ(RunCommand(cli + " assess " + id + " do.personvern.grunnlag 3 --source manager --note Testet", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("recorded " + id + " do.personvern.grunnlag = 3 (manager"));
  ASSERT_EQ(RunCommand(cli + " assessments " + id + " --competence do.personvern.grunnlag", &out), 0);
  EXPECT_THAT(out, HasSubstr("Testet"));

  EXPECT_EQ(RunCommand(cli + " assess " + id + " do.personvern.grunnlag 9 --source manager", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: level: level 9 is outside the scale"));
  EXPECT_EQ(RunCommand(cli + " person show ghost", &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));

  ASSERT_EQ(RunCommand(cli + " resource list --competence do.personvern.grunnlag", &out), 0);
  EXPECT_THAT(out, HasSubstr("kurs.personvern-grunnkurs"));

  const std::string csv = TempPath("import.csv");
  std::ofstream(csv) << "person_id,competence_id,level,source,assessed_at\n"
                     << id << ",do.lean.forbedring,2,self,2026-01-15\n"
                     << "ghost,do.lean.forbedring,2,self,2026-01-15\n";
  EXPECT_EQ(RunCommand(cli + " import " + csv, &out), 3) << out;  // some rows rejected
  EXPECT_THAT(out, HasSubstr("accepted 1, rejected 1"));
  EXPECT_THAT(out, HasSubstr("row 1: person_id: unknown person 'ghost'"));

  ASSERT_EQ(RunCommand(cli + " gap person " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("required met"));
  ASSERT_EQ(RunCommand(cli + " gap team it", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("cell: current/target level"));
  EXPECT_THAT(out, HasSubstr("HOLDERS"));
  EXPECT_EQ(out.find('\033'), std::string::npos) << "no colour codes when not a terminal";
  ASSERT_EQ(RunCommand(cli + " gap team it --color", &out), 0) << out;
  EXPECT_NE(out.find("\033["), std::string::npos);
  ASSERT_EQ(RunCommand(cli + " --json gap org", &out), 0) << out;
  v1::OrgSummary org;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &org).ok()) << out;
  EXPECT_EQ(org.total().people(), CountJsonArray("db/seed/demo/people.json", "people"));
  EXPECT_GT(org.top_gaps_size(), 0);
  EXPECT_EQ(RunCommand(cli + " gap team ghost", &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));

  // A plan through its life: generate and save, approve, a step done.
  ASSERT_EQ(RunCommand(cli + " --json plan generate " + id + " --weekly-hours 3 --save", &out), 0) << out;
  v1::LearningPlan plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &plan).ok()) << out;
  ASSERT_GT(plan.steps_size(), 0);
  EXPECT_EQ(plan.status(), v1::DRAFT);
  ASSERT_EQ(RunCommand(cli + " plan show " + plan.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(" 1. "));
  EXPECT_THAT(out, HasSubstr(plan.steps(0).rationale()));
  EXPECT_EQ(RunCommand(cli + " plan step " + plan.id() + " 1 done", &out), 1);
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION"));
  for (const char* status : {"proposed", "approved"}) {
    ASSERT_EQ(RunCommand(cli + " plan status " + plan.id() + " " + status, &out), 0) << out;
  }
  ASSERT_EQ(RunCommand(cli + " plan step " + plan.id() + " 1 done", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 is DONE; plan " + plan.id() + " is IN_PROGRESS"));
  ASSERT_EQ(RunCommand(cli + " assessments " + id + " --competence " + plan.steps(0).changes(0).competence_id(), &out), 0);
  EXPECT_THAT(out, HasSubstr("evidence"));
  ASSERT_EQ(RunCommand(cli + " plan list " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("IN_PROGRESS"));
  ASSERT_EQ(RunCommand(cli + " demand it --budget 50000", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Budget 50000 kr: fund"));
  EXPECT_THAT(out, HasSubstr("dynamic programming"));
  EXPECT_THAT(out, HasSubstr("UNSCHEDULED"));

  // The learner's own DONE awaits their manager's confirmation (issue #10).
  const std::string employee = bare + " --token " + demo.at("EMPLOYEE");
  const std::string manager = bare + " --token " + demo.at("MANAGER");
  ASSERT_EQ(RunCommand(cli + " --json plan generate E1062 --save", &out), 0) << out;
  v1::LearningPlan own;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &own).ok()) << out;
  ASSERT_GT(own.steps_size(), 0);
  ASSERT_EQ(RunCommand(employee + " plan status " + own.id() + " proposed", &out), 0) << out;
  ASSERT_EQ(RunCommand(manager + " plan status " + own.id() + " approved", &out), 0) << out;
  ASSERT_EQ(RunCommand(employee + " plan step " + own.id() + " 1 done", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 is AWAITING_CONFIRMATION"));
  ASSERT_EQ(RunCommand(employee + " plan show " + own.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("(AWAITING_CONFIRMATION since"));
  ASSERT_EQ(RunCommand(manager + " plan pending --unit ho.hjemme", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("E1062"));
  EXPECT_THAT(out, HasSubstr(own.id()));
  EXPECT_EQ(RunCommand(employee + " plan confirm " + own.id() + " 1", &out), 1);
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));
  EXPECT_EQ(RunCommand(manager + " plan confirm " + own.id() + " 1 --reject", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: comment"));
  ASSERT_EQ(RunCommand(manager + " plan confirm " + own.id() + " 1", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 confirmed: it is DONE"));
  ASSERT_EQ(RunCommand(manager + " plan pending --unit ho.hjemme", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Nothing awaits confirmation"));

  // A tillitsvalgt's view: figures withheld by the small-group rule are
  // marked, never printed as if they were 0.
  const std::string aggregate = bare + " --token " + demo.at("AGGREGATE");
  ASSERT_EQ(RunCommand(aggregate + " gap team ho", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("coverage only"));
  EXPECT_THAT(out, HasSubstr("(hidden)"));
  EXPECT_THAT(out, HasSubstr("withheld, it would rest on fewer than 5 people"));
  ASSERT_EQ(RunCommand(aggregate + " --json gap team ho", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Withheld\": true"));

  EXPECT_EQ(RunCommand(std::string(SKILLPATH_CLI_BIN) + " --server 127.0.0.1:1 --timeout 2 framework list", &out), 1);
  EXPECT_THAT(out, HasSubstr("UNAVAILABLE"));
}

}  // namespace
}  // namespace skillpath

namespace skillpath {
namespace {

// An independent reading of DESIGN.md's gap rules, written separately from
// core/gap/gap.cc, applied to the demo data files and compared with what the
// running server answers for every demo person.
struct ExpectedEntry {
  int target = 0;
  int current = 0;
  bool required = false;
};

TEST(DemoGaps, EveryPersonsGapMatchesAnIndependentCalculation) {
  const std::string db = TempPath("demo-gaps.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  auto gaps = v1::GapService::NewStub(Connect(server));

  v1::ListRolesResponse roles;
  v1::ListPeopleResponse people;
  v1::ListAssessmentsResponse history;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/roles.json"), &roles).ok());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/people.json"), &people).ok());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/assessments.json"), &history).ok());
  std::map<std::string, const v1::Role*> role_by_id;
  for (const auto& r : roles.roles()) role_by_id[r.id()] = &r;
  const int64_t as_of = 1793577600;  // 2026-11-01T00:00:00Z: fixed, so expiries are deterministic

  for (const auto& person : people.people()) {
    // Targets: the highest level per priority over all roles and the roles
    // they inherit, each role once.
    std::map<std::string, int> required, desired;
    std::set<std::string> seen;
    std::vector<std::string> todo(person.role_ids().begin(), person.role_ids().end());
    while (!todo.empty()) {
      std::string id = todo.back();
      todo.pop_back();
      if (!seen.insert(id).second) continue;
      const v1::Role* r = role_by_id.at(id);
      for (const auto& t : r->targets()) {
        auto& m = t.priority() == v1::REQUIRED ? required : desired;
        m[t.competence_id()] = std::max(m[t.competence_id()], t.level());
      }
      for (const auto& parent : r->inherits_role_ids()) todo.push_back(parent);
    }
    // Current level: latest valid validated, else latest valid self (the file
    // is in time order; equal times keep file order, which is recorded order).
    std::map<std::string, std::pair<int64_t, int>> validated, self;
    for (const auto& a : history.assessments()) {
      if (a.person_id() != person.id()) continue;
      const int64_t at = a.assessed_at().seconds();
      if (at > as_of || (a.has_expires_at() && a.expires_at().seconds() <= as_of)) continue;
      auto& m = a.source() == v1::SELF ? self : validated;
      auto it = m.find(a.competence_id());
      if (it == m.end() || at >= it->second.first) m[a.competence_id()] = {at, a.level()};
    }
    auto current = [&](const std::string& c) {
      if (validated.count(c)) return validated[c].second;
      if (self.count(c)) return self[c].second;
      return 0;
    };
    std::map<std::pair<std::string, bool>, ExpectedEntry> expected;
    for (auto& [c, level] : required) expected[{c, true}] = {level, current(c), true};
    for (auto& [c, level] : desired) {
      if (level > (required.count(c) ? required[c] : 0)) expected[{c, false}] = {level, current(c), false};
    }

    grpc::ClientContext ctx;
    v1::GetPersonGapRequest req;
    req.set_person_id(person.id());
    req.mutable_as_of()->set_seconds(as_of);
    v1::PersonGap got;
    ASSERT_TRUE(gaps->GetPersonGap(&ctx, req, &got).ok()) << person.id();
    ASSERT_EQ(got.gaps_size(), static_cast<int>(expected.size())) << person.id();
    int required_met = 0, required_total = 0;
    for (const auto& g : got.gaps()) {
      auto it = expected.find({g.competence_id(), g.priority() == v1::REQUIRED});
      ASSERT_NE(it, expected.end()) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.target_level(), it->second.target) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.current_level(), it->second.current) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.gap(), std::max(0, it->second.target - it->second.current));
      if (it->second.required) {
        ++required_total;
        required_met += it->second.current >= it->second.target;
      }
    }
    EXPECT_EQ(got.required_total(), required_total) << person.id();
    EXPECT_EQ(got.required_met(), required_met) << person.id();
  }
}

}  // namespace
}  // namespace skillpath
