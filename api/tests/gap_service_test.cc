// GapService over gRPC on loopback against a small hand-built organisation,
// with expected values computed by hand from DESIGN.md's rules. Also: every
// write is visible to the next gap call, and reads stay correct while the
// writer works.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <set>
#include <map>
#include <random>
#include <thread>

#include "api/call/disclosure_cache.h"
#include "core/testing/disclosure_attack.h"
#include "demo/demo_seed.h"

#include "server/server.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/db_files.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kJan = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

// Organisation: root "k" with units "k.a" (and "k.a.x" below it) and "k.b".
// Framework "fw": competences a.one, a.two (area "a", 0-4) and b.big (area
// "b", own scale 0-8). Roles: "ansatt" requires a.one@2; "leder" inherits
// ansatt, requires a.one@3 (weight 2) and desires a.two@2.
class GapServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::StartTestServer(tmp_.path(), [] { return (kJan + 100 * kDay) * 1000000; });
    ASSERT_NE(server_, nullptr);
    channel_ = testing::ChannelTo(*server_);
    frameworks_ = v1::FrameworkService::NewStub(channel_);
    org_ = v1::OrgService::NewStub(channel_);
    assessments_ = v1::AssessmentService::NewStub(channel_);
    gaps_ = v1::GapService::NewStub(channel_);

    v1::Framework f;
    f.set_id("fw");
    f.set_name("FW");
    for (int l = 1; l <= 4; ++l) AddLevel(f.mutable_scale(), l);
    auto* a = f.add_areas();
    a->set_id("a");
    a->set_name("A");
    AddCompetence(a, "a.one");
    AddCompetence(a, "a.two");
    auto* b = f.add_areas();
    b->set_id("b");
    b->set_name("B");
    auto* big = AddCompetence(b, "b.big");
    for (int l = 1; l <= 8; ++l) AddLevel(big->mutable_scale(), l);
    Call(&v1::FrameworkService::Stub::UpsertFramework, frameworks_.get(), f);

    for (auto [id, parent] : std::vector<std::pair<std::string, std::string>>{
             {"k", ""}, {"k.a", "k"}, {"k.a.x", "k.a"}, {"k.b", "k"}, {"k.empty", "k"}}) {
      v1::OrgUnit u;
      u.set_id(id);
      u.set_parent_id(parent);
      u.set_name("Unit " + id);
      Call(&v1::OrgService::Stub::UpsertOrgUnit, org_.get(), u);
    }
    Call(&v1::OrgService::Stub::UpsertRole, org_.get(), MakeRole("ansatt", {}, {{"a.one", 2, v1::REQUIRED, 0}}));
    Call(&v1::OrgService::Stub::UpsertRole, org_.get(),
         MakeRole("leder", {"ansatt"}, {{"a.one", 3, v1::REQUIRED, 2}, {"a.two", 2, v1::DESIRED, 0}}));
    Call(&v1::OrgService::Stub::UpsertRole, org_.get(), MakeRole("big", {}, {{"b.big", 4, v1::REQUIRED, 0}}));
  }

  static void AddLevel(v1::Scale* s, int l) {
    auto* level = s->add_levels();
    level->set_level(l);
    level->set_name("L" + std::to_string(l));
  }
  static v1::Competence* AddCompetence(v1::Area* a, const std::string& id) {
    auto* c = a->add_competences();
    c->set_id(id);
    c->set_name(id);
    return c;
  }
  struct T {
    std::string competence;
    int level;
    v1::Priority priority;
    double weight;
  };
  static v1::Role MakeRole(const std::string& id, std::vector<std::string> inherits, std::vector<T> targets) {
    v1::Role r;
    r.set_id(id);
    r.set_name(id);
    for (auto& i : inherits) r.add_inherits_role_ids(i);
    for (auto& t : targets) {
      auto* m = r.add_targets();
      m->set_competence_id(t.competence);
      m->set_level(t.level);
      m->set_priority(t.priority);
      m->set_weight(t.weight);
    }
    return r;
  }

  template <typename Stub, typename Req, typename Resp>
  Resp Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*), Stub* stub, const Req& req) {
    grpc::ClientContext ctx;
    Resp resp;
    grpc::Status s = (stub->*method)(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  void AddPerson(const std::string& id, const std::string& unit, std::vector<std::string> roles, bool active = true) {
    v1::Person p;
    p.set_id(id);
    p.set_name("Person " + id);
    p.set_org_unit_id(unit);
    for (auto& r : roles) p.add_role_ids(r);
    p.set_active(active);
    Call(&v1::OrgService::Stub::UpsertPerson, org_.get(), p);
  }
  void Assess(const std::string& person, const std::string& competence, int level, v1::AssessmentSource source,
              int64_t day, int64_t expires_day = 0) {
    v1::Assessment a;
    a.set_person_id(person);
    a.set_competence_id(competence);
    a.set_level(level);
    a.set_source(source);
    *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(kJan + day * kDay);
    if (expires_day) *a.mutable_expires_at() = TimeUtil::SecondsToTimestamp(kJan + expires_day * kDay);
    Call(&v1::AssessmentService::Stub::RecordAssessment, assessments_.get(), a);
  }
  v1::PersonGap PersonGap(const std::string& id, int64_t as_of_day = -1) {
    v1::GetPersonGapRequest req;
    req.set_person_id(id);
    if (as_of_day >= 0) *req.mutable_as_of() = TimeUtil::SecondsToTimestamp(kJan + as_of_day * kDay);
    return Call(&v1::GapService::Stub::GetPersonGap, gaps_.get(), req);
  }

  db::testing::TempDbPath tmp_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::FrameworkService::Stub> frameworks_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssessmentService::Stub> assessments_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
};

TEST_F(GapServiceTest, PersonGapFollowsTheRules) {
  AddPerson("p1", "k.a", {"leder"});
  Assess("p1", "a.one", 1, v1::MANAGER, 1);
  Assess("p1", "a.one", 4, v1::SELF, 2);  // newer, but self: does not beat the manager
  Assess("p1", "a.two", 2, v1::SELF, 3);
  v1::PersonGap g = PersonGap("p1");
  ASSERT_EQ(g.gaps_size(), 2);
  // a.one REQUIRED 3 (weight 2): current 1 (manager), self 4, gap 2 -> 2*2/4 = 1.0
  EXPECT_EQ(g.gaps(0).competence_id(), "a.one");
  EXPECT_EQ(g.gaps(0).area_id(), "a");
  EXPECT_EQ(g.gaps(0).priority(), v1::REQUIRED);
  EXPECT_EQ(g.gaps(0).current_level(), 1);
  EXPECT_EQ(g.gaps(0).current_source(), v1::MANAGER);
  EXPECT_EQ(g.gaps(0).self_level(), 4);
  EXPECT_EQ(g.gaps(0).target_level(), 3);
  EXPECT_EQ(g.gaps(0).gap(), 2);
  EXPECT_DOUBLE_EQ(g.gaps(0).weight(), 2);
  EXPECT_FALSE(g.gaps(0).met());
  // a.two DESIRED 2: self-only 2, met, marked SELF.
  EXPECT_EQ(g.gaps(1).priority(), v1::DESIRED);
  EXPECT_EQ(g.gaps(1).current_source(), v1::SELF);
  EXPECT_TRUE(g.gaps(1).met());
  EXPECT_DOUBLE_EQ(g.gap_score(), 1.0);
  EXPECT_DOUBLE_EQ(g.desired_gap_score(), 0.0);
  EXPECT_EQ(g.required_total(), 1);
  EXPECT_EQ(g.required_met(), 0);
  EXPECT_DOUBLE_EQ(g.required_met_ratio(), 0.0);
}

TEST_F(GapServiceTest, ExpiryAndAsOfReplayHistory) {
  AddPerson("p1", "k.a", {"ansatt"});
  Assess("p1", "a.one", 1, v1::MANAGER, 1);
  Assess("p1", "a.one", 3, v1::CERTIFICATION, 10, /*expires_day=*/50);
  EXPECT_EQ(PersonGap("p1", 0).gaps(0).current_level(), 0) << "before any assessment";
  EXPECT_EQ(PersonGap("p1", 5).gaps(0).current_level(), 1);
  EXPECT_EQ(PersonGap("p1", 20).gaps(0).current_level(), 3);
  EXPECT_TRUE(PersonGap("p1", 20).gaps(0).met());
  EXPECT_EQ(PersonGap("p1").gaps(0).current_level(), 1) << "now (day 100) the certification has expired";
}

TEST_F(GapServiceTest, DifferentScalesAreNormalised) {
  AddPerson("p1", "k.a", {"ansatt", "big"});
  v1::PersonGap g = PersonGap("p1");
  // a.one: gap 2 of 4 -> 0.5; b.big: gap 4 of 8 -> 0.5; tie broken by id.
  ASSERT_EQ(g.gaps_size(), 2);
  EXPECT_EQ(g.gaps(0).competence_id(), "a.one");
  EXPECT_EQ(g.gaps(1).competence_id(), "b.big");
  EXPECT_DOUBLE_EQ(g.gap_score(), 1.0);
}

TEST_F(GapServiceTest, APersonWithoutRolesHasAnEmptyReportAndUnknownIsNotFound) {
  AddPerson("p1", "k.a", {});
  v1::PersonGap g = PersonGap("p1");
  EXPECT_EQ(g.gaps_size(), 0);
  EXPECT_DOUBLE_EQ(g.required_met_ratio(), 1.0);
  grpc::ClientContext ctx;
  v1::GetPersonGapRequest req;
  req.set_person_id("ghost");
  v1::PersonGap out;
  grpc::Status s = gaps_->GetPersonGap(&ctx, req, &out);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("person 'ghost' not found"));
}

TEST_F(GapServiceTest, EveryWriteIsVisibleToTheNextGapCall) {
  AddPerson("p1", "k.a", {"ansatt"});
  EXPECT_EQ(PersonGap("p1").gaps(0).target_level(), 2);
  Assess("p1", "a.one", 2, v1::MANAGER, 1);
  EXPECT_TRUE(PersonGap("p1").gaps(0).met()) << "RecordAssessment";
  v1::RoleAssignment assign;
  assign.set_person_id("p1");
  assign.set_role_id("leder");
  Call(&v1::OrgService::Stub::AssignRole, org_.get(), assign);
  EXPECT_EQ(PersonGap("p1").gaps(0).target_level(), 3) << "AssignRole";
  Call(&v1::OrgService::Stub::UpsertRole, org_.get(),
       MakeRole("ansatt", {}, {{"a.one", 4, v1::REQUIRED, 0}}));
  EXPECT_EQ(PersonGap("p1").gaps(0).target_level(), 4) << "UpsertRole of an inherited role";
}

TEST_F(GapServiceTest, TeamWithAndWithoutSubunits) {
  AddPerson("lead", "k.a", {"leder"});
  AddPerson("sub", "k.a.x", {"ansatt"});
  AddPerson("gone", "k.a", {"ansatt"}, /*active=*/false);
  Assess("lead", "a.one", 3, v1::MANAGER, 1);
  Assess("sub", "a.one", 1, v1::MANAGER, 1);
  v1::GetTeamGapRequest req;
  req.set_org_unit_id("k.a");
  v1::TeamGap t = Call(&v1::GapService::Stub::GetTeamGap, gaps_.get(), req);
  ASSERT_EQ(t.rows_size(), 2) << "sub-units by default; inactive people left out";
  EXPECT_EQ(t.rows(0).person_id(), "sub") << "largest gap first";
  EXPECT_DOUBLE_EQ(t.rows(0).gap_score(), 0.25);
  ASSERT_EQ(t.competence_ids_size(), 2);
  EXPECT_EQ(t.competence_ids(0), "a.one");
  EXPECT_EQ(t.competence_ids(1), "a.two");
  EXPECT_EQ(t.rows(0).cells(0).current_level(), 1);
  EXPECT_EQ(t.rows(0).cells(0).target_level(), 2);
  EXPECT_EQ(t.rows(0).cells(1).target_level(), 0) << "no target: empty cell";
  const v1::CompetenceCoverage& c = t.coverage(0);
  EXPECT_EQ(c.required_count(), 2);
  EXPECT_EQ(c.met_count(), 1);
  EXPECT_EQ(c.holders(), 1) << "only lead reaches the highest required level 3";
  EXPECT_TRUE(c.single_point());
  EXPECT_DOUBLE_EQ(c.mean_gap(), 0.5);

  req.set_include_subunits(false);
  t = Call(&v1::GapService::Stub::GetTeamGap, gaps_.get(), req);
  ASSERT_EQ(t.rows_size(), 1);
  EXPECT_EQ(t.rows(0).person_id(), "lead");

  req.set_org_unit_id("k.empty");
  t = Call(&v1::GapService::Stub::GetTeamGap, gaps_.get(), req);
  EXPECT_EQ(t.rows_size(), 0);
  EXPECT_EQ(t.competence_ids_size(), 0);

  grpc::ClientContext ctx;
  req.set_org_unit_id("ghost");
  v1::TeamGap out;
  EXPECT_EQ(gaps_->GetTeamGap(&ctx, req, &out).error_code(), grpc::NOT_FOUND);
}

TEST_F(GapServiceTest, OrgSummaryPerChildUnitAreaAndTopGaps) {
  AddPerson("lead", "k.a", {"leder"});
  AddPerson("sub", "k.a.x", {"ansatt"});
  AddPerson("b1", "k.b", {"big"});
  AddPerson("top", "k", {"ansatt"});
  Assess("lead", "a.one", 3, v1::MANAGER, 1);
  Assess("b1", "b.big", 6, v1::MANAGER, 1);
  v1::OrgSummary s = Call(&v1::GapService::Stub::GetOrgSummary, gaps_.get(), v1::GetOrgSummaryRequest{});
  EXPECT_EQ(s.total().org_unit_id(), "k") << "the single root when no unit is given";
  EXPECT_EQ(s.total().people(), 4);
  EXPECT_EQ(s.total().required_total(), 4);
  EXPECT_EQ(s.total().required_met(), 2);
  // sub: a.one gap 2 -> 0.5; top: 0.5; lead met; b1 met (6 >= 4).
  EXPECT_DOUBLE_EQ(s.total().gap_score(), 1.0);
  ASSERT_EQ(s.units_size(), 3);  // k.a, k.b, k.empty in id order
  EXPECT_EQ(s.units(0).org_unit_id(), "k.a");
  EXPECT_EQ(s.units(0).people(), 2);
  EXPECT_DOUBLE_EQ(s.units(0).gap_score(), 0.5);
  ASSERT_EQ(s.units(0).areas_size(), 1);
  EXPECT_EQ(s.units(0).areas(0).area_id(), "a");
  EXPECT_EQ(s.units(0).areas(0).required_total(), 2);
  EXPECT_EQ(s.units(1).org_unit_id(), "k.b");
  EXPECT_EQ(s.units(1).required_met(), 1);
  EXPECT_EQ(s.units(2).people(), 0);
  ASSERT_EQ(s.top_gaps_size(), 1);
  EXPECT_EQ(s.top_gaps(0).competence_id(), "a.one");
  EXPECT_EQ(s.top_gaps(0).people_with_gap(), 2);
  EXPECT_DOUBLE_EQ(s.top_gaps(0).total_weighted_gap(), 1.0);

  v1::GetOrgSummaryRequest req;
  req.set_org_unit_id("k.a");
  s = Call(&v1::GapService::Stub::GetOrgSummary, gaps_.get(), req);
  EXPECT_EQ(s.total().people(), 2);
  ASSERT_EQ(s.units_size(), 1);
  EXPECT_EQ(s.units(0).org_unit_id(), "k.a.x");
  EXPECT_EQ(s.units(0).people(), 1);

  grpc::ClientContext ctx;
  req.set_top_n(-1);
  v1::OrgSummary out;
  grpc::Status st = gaps_->GetOrgSummary(&ctx, req, &out);
  EXPECT_EQ(st.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("top_n"));
}

TEST(Retention, OldAssessmentsArePurgedAndGapsFollow) {
  db::testing::TempDbPath tmp;
  ServerOptions options;
  options.db_path = tmp.path();
  options.listen = "127.0.0.1:0";
  options.now = [] { return (kJan + 100 * kDay) * 1000000; };  // 2026-04-11
  options.retention_years = 1;
  auto started = Server::Start(options);
  ASSERT_TRUE(started.ok()) << started.status();
  std::unique_ptr<Server> server = std::move(*started);
  auto channel = testing::ChannelTo(*server);
  auto fw = v1::FrameworkService::NewStub(channel);
  auto org = v1::OrgService::NewStub(channel);
  auto assessments = v1::AssessmentService::NewStub(channel);
  auto gaps = v1::GapService::NewStub(channel);
  {
    v1::Framework f, out;
    f.set_id("fw");
    f.set_name("FW");
    auto* l = f.mutable_scale()->add_levels();
    l->set_level(1);
    l->set_name("L1");
    auto* a = f.add_areas();
    a->set_id("a");
    a->set_name("A");
    auto* c = a->add_competences();
    c->set_id("c");
    c->set_name("C");
    grpc::ClientContext c1, c2, c3, c4;
    ASSERT_TRUE(fw->UpsertFramework(&c1, f, &out).ok());
    v1::OrgUnit u, uo;
    u.set_id("k");
    u.set_name("K");
    ASSERT_TRUE(org->UpsertOrgUnit(&c2, u, &uo).ok());
    v1::Role r, ro;
    r.set_id("r");
    r.set_name("R");
    auto* t = r.add_targets();
    t->set_competence_id("c");
    t->set_level(1);
    t->set_priority(v1::REQUIRED);
    ASSERT_TRUE(org->UpsertRole(&c3, r, &ro).ok());
    v1::Person p, po;
    p.set_id("p");
    p.set_name("P");
    p.set_org_unit_id("k");
    p.add_role_ids("r");
    ASSERT_TRUE(org->UpsertPerson(&c4, p, &po).ok());
  }
  for (int64_t day : {-600, -500}) {  // 2024: older than a year at "now"
    v1::Assessment a, out;
    a.set_person_id("p");
    a.set_competence_id("c");
    a.set_level(1);
    a.set_source(v1::MANAGER);
    *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(kJan + day * kDay);
    grpc::ClientContext ctx;
    ASSERT_TRUE(assessments->RecordAssessment(&ctx, a, &out).ok());
  }
  auto gap_met = [&] {
    grpc::ClientContext ctx;
    v1::GetPersonGapRequest req;
    req.set_person_id("p");
    v1::PersonGap g;
    EXPECT_TRUE(gaps->GetPersonGap(&ctx, req, &g).ok());
    return g.gaps(0).met();
  };
  EXPECT_TRUE(gap_met());
  auto removed = server->RunRetentionForTest();
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(*removed, 2);
  EXPECT_FALSE(gap_met()) << "the index was rebuilt without the purged assessments";
  grpc::ClientContext ctx;
  v1::ListAssessmentsRequest req;
  req.set_person_id("p");
  v1::ListAssessmentsResponse list;
  ASSERT_TRUE(assessments->ListAssessments(&ctx, req, &list).ok());
  EXPECT_EQ(list.assessments_size(), 0);
  EXPECT_EQ(*server->RunRetentionForTest(), 0) << "nothing left to purge";
}

TEST_F(GapServiceTest, ReadsStayConsistentWhileTheWriterWorks) {
  // Readers hammer the team view while writers add people and assessments;
  // every answer must be internally consistent (one cell per column, scores
  // that match the cells) and the final state must contain every write.
  AddPerson("p0", "k.a", {"ansatt"});
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      auto stub = v1::GapService::NewStub(channel_);
      while (!stop) {
        grpc::ClientContext ctx;
        v1::GetTeamGapRequest req;
        req.set_org_unit_id("k");
        v1::TeamGap t;
        const grpc::Status s = stub->GetTeamGap(&ctx, req, &t);
        // UNAVAILABLE: the audit backlog is over its bound (readers in a
        // tight loop outrun the writer); refused whole, never inconsistent.
        if (s.error_code() == grpc::StatusCode::UNAVAILABLE) continue;
        if (!s.ok()) {
          ++bad;
          continue;
        }
        for (const auto& row : t.rows()) {
          if (row.cells_size() != t.competence_ids_size()) ++bad;
          double score = 0;
          for (const auto& cell : row.cells()) score += cell.gap() / 4.0;
          if (std::abs(score - row.gap_score()) > 1e-9) ++bad;
        }
        ++reads;
      }
    });
  }
  constexpr int kPeople = 60;
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&, w] {
      auto org = v1::OrgService::NewStub(channel_);
      auto assessments = v1::AssessmentService::NewStub(channel_);
      for (int i = w; i < kPeople; i += 3) {
        const std::string id = "w" + std::to_string(i);
        v1::Person p, po;
        p.set_id(id);
        p.set_name(id);
        p.set_org_unit_id(i % 2 ? "k.a.x" : "k.b");
        p.add_role_ids("ansatt");
        grpc::ClientContext c1;
        ASSERT_TRUE(org->UpsertPerson(&c1, p, &po).ok());
        v1::Assessment a, ao;
        a.set_person_id(id);
        a.set_competence_id("a.one");
        a.set_level(i % 3);
        a.set_source(v1::MANAGER);
        grpc::ClientContext c2;
        ASSERT_TRUE(assessments->RecordAssessment(&c2, a, &ao).ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  v1::GetTeamGapRequest req;
  req.set_org_unit_id("k");
  v1::TeamGap t = Call(&v1::GapService::Stub::GetTeamGap, gaps_.get(), req);
  EXPECT_EQ(t.rows_size(), kPeople + 1);
  int met = 0;
  for (const auto& row : t.rows()) met += row.cells(0).gap() == 0;
  EXPECT_EQ(met, kPeople / 3) << "people with level 2 meet a.one@2";
}

// An AGGREGATE token asks for every team view (with and without sub-units)
// and every organisation summary of a generated organisation (one-person
// units, a person directly in a unit with sub-units, random roles and
// ratings); the adversary of core/testing/disclosure_attack.h combines the answers
// and must find no figure about 1..4 people.
TEST_F(GapServiceTest, AggregateAnswersCannotBeCombinedToPointAtAPerson) {
  const std::map<std::string, int> competence = {{"a.one", 0}, {"a.two", 1}, {"b.big", 2}};
  const std::map<std::string, int> top = {{"a.one", 4}, {"a.two", 4}, {"b.big", 8}};
  const std::vector<std::vector<std::string>> role_sets = {{"ansatt"}, {"leder"}, {"big"}, {"ansatt", "big"}, {}};
  std::mt19937 rng(20261201);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  struct Unit {
    std::string id;
    int parent;
  };
  std::vector<Unit> units;
  std::vector<std::pair<std::string, int>> people;  // id, unit
  std::map<std::pair<int, int>, int> levels;       // (person, competence) -> level
  for (int tree = 0; tree < 3; ++tree) {
    const int base = static_cast<int>(units.size());
    const int n = pick(3, 7);
    for (int u = 0; u < n; ++u) {
      const int parent = u == 0 ? -1 : base + pick(0, u - 1);
      const std::string id = "t" + std::to_string(tree) + "u" + std::to_string(u);
      units.push_back({id, parent});
      v1::OrgUnit m;
      m.set_id(id);
      m.set_name(id);
      if (parent >= 0) m.set_parent_id(units[static_cast<size_t>(parent)].id);
      Call(&v1::OrgService::Stub::UpsertOrgUnit, org_.get(), m);
      const std::vector<int> sizes = {0, 1, 1, 2, 3, 5, 6, 8, 11};
      const int size = sizes[static_cast<size_t>(pick(0, static_cast<int>(sizes.size()) - 1))];
      for (int i = 0; i < size; ++i) {
        const int p = static_cast<int>(people.size());
        const std::string pid = "x" + std::to_string(p);
        people.push_back({pid, base + u});
        AddPerson(pid, id, role_sets[static_cast<size_t>(pick(0, static_cast<int>(role_sets.size()) - 1))]);
        for (const auto& [cid, c] : competence) {
          if (pick(0, 2) == 0) continue;
          const int level = pick(0, top.at(cid));
          levels[{p, c}] = level;
          Assess(pid, cid, level, v1::MANAGER, 1);
        }
      }
    }
  }
  // The truth, from an ADMIN token.
  core::attack::Truth truth;
  truth.people = static_cast<int>(people.size());
  truth.competences = 3;
  truth.area_of = {0, 0, 1};
  for (int p = 0; p < truth.people; ++p) {
    std::vector<int> required(3), desired(3), level(3);
    std::vector<double> weighted(3);
    for (int c = 0; c < 3; ++c) level[c] = levels.count({p, c}) ? levels[{p, c}] : 0;
    const v1::PersonGap report = PersonGap(people[static_cast<size_t>(p)].first);
    for (const v1::CompetenceGap& g : report.gaps()) {
      const int c = competence.at(g.competence_id());
      if (g.priority() == v1::REQUIRED) {
        required[c] = g.target_level();
        weighted[c] = g.weight() * g.gap() / top.at(g.competence_id());
      } else {
        desired[c] = g.target_level();
      }
      EXPECT_EQ(g.current_level(), level[c]);
    }
    truth.required.push_back(required);
    truth.desired.push_back(desired);
    truth.level.push_back(level);
    truth.weighted.push_back(weighted);
  }
  auto members = [&](const std::string& unit, bool subunits) {
    std::vector<int> out;
    for (int p = 0; p < truth.people; ++p) {
      for (int u = people[static_cast<size_t>(p)].second; u >= 0; u = units[static_cast<size_t>(u)].parent) {
        if (units[static_cast<size_t>(u)].id == unit) out.push_back(p);
        if (!subunits) break;
      }
    }
    return out;
  };
  // Everything the AGGREGATE token can get.
  auto g = v1::GapService::NewStub(testing::ChannelAs(*server_, testing::MintTestToken(*server_, core::Grant::kAggregate)));
  std::vector<core::attack::Seen> seen;
  int figures = 0, withheld = 0;
  for (const Unit& u : units) {
    for (bool subunits : {true, false}) {
      grpc::ClientContext ctx;
      v1::GetTeamGapRequest req;
      req.set_org_unit_id(u.id);
      req.set_include_subunits(subunits);
      v1::TeamGap t;
      const grpc::Status s = g->GetTeamGap(&ctx, req, &t);
      if (!s.ok()) {
        EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED) << s.error_message();
        continue;
      }
      EXPECT_EQ(t.rows_size(), 0);
      core::attack::Seen v;
      v.name = (subunits ? "T(" : "D(") + u.id + ")";
      v.people = members(u.id, subunits);
      for (const v1::CompetenceCoverage& c : t.coverage()) {
        v.coverage.push_back({competence.at(c.competence_id()), !c.required_count_withheld(), !c.met_count_withheld(),
                              !c.holders_withheld()});
        if (c.required_count_withheld()) EXPECT_EQ(c.required_count(), 0) << "a withheld figure is not sent";
        figures += 3;
        withheld += c.required_count_withheld() + c.met_count_withheld() + c.holders_withheld();
      }
      seen.push_back(v);
    }
  }
  std::vector<std::string> asked = {""};
  for (const Unit& u : units) asked.push_back(u.id);
  for (const std::string& id : asked) {
    grpc::ClientContext ctx;
    v1::GetOrgSummaryRequest req;
    req.set_org_unit_id(id);
    req.set_top_n(2);
    v1::OrgSummary s;
    const grpc::Status status = g->GetOrgSummary(&ctx, req, &s);
    if (!status.ok()) {
      EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED) << status.error_message();
      continue;
    }
    auto row = [&](const std::string& name, std::vector<int> who, const v1::UnitSummary& u) {
      core::attack::Seen v;
      v.name = name;
      v.people = std::move(who);
      EXPECT_EQ(u.people(), static_cast<int>(v.people.size())) << name;
      v.totals = !u.totals_withheld();
      // Areas not listed have no requirements: a 0 the token knows.
      std::set<int> hidden;
      for (const v1::AreaSummary& a : u.areas()) {
        if (a.withheld()) hidden.insert(a.area_id() == "a" ? 0 : 1);
      }
      for (int a : {0, 1}) {
        if (!hidden.count(a)) v.areas.push_back(a);
      }
      return v;
    };
    std::vector<int> everyone(static_cast<size_t>(truth.people));
    std::iota(everyone.begin(), everyone.end(), 0);
    core::attack::Seen total =
        row("org(" + id + ")", id.empty() ? everyone : members(id, true), s.total());
    for (const v1::TopGap& t : s.top_gaps()) total.top_gaps.push_back(competence.at(t.competence_id()));
    seen.push_back(total);
    for (const v1::UnitSummary& u : s.units()) {
      seen.push_back(row("row(" + u.org_unit_id() + ")", members(u.org_unit_id(), true), u));
    }
  }
  ASSERT_FALSE(seen.empty());
  const std::vector<std::string> findings = core::attack::Adversary(truth, 5).Attack(seen);
  std::string listed;
  for (size_t i = 0; i < findings.size() && i < 10; ++i) listed += "\n  " + findings[i];
  EXPECT_TRUE(findings.empty()) << findings.size() << " derived figures about 1..4 people:" << listed;
  EXPECT_GT(figures, withheld) << "most coverage figures are still shown";
}

// The threshold is the server's setting: --min-group-size.
TEST(DisclosurePlanCacheTest, ReusesAPlanWhileItHoldsAndNotAcrossSnapshots) {
  core::IndexBuilder b(std::make_shared<const core::IndexSnapshot>());
  b.SetUnits({{"u", "", "U"}});
  b.UpsertPerson({"p", "P", "", "u", {}, {}, true});
  const std::shared_ptr<const core::IndexSnapshot> first = b.Build();
  core::IndexBuilder b2(first);
  b2.UpsertPerson({"q", "Q", "", "u", {}, {}, true});
  const std::shared_ptr<const core::IndexSnapshot> second = b2.Build();
  DisclosurePlanCache cache(5);
  const core::Time now = 1'767'225'600'000'000LL;
  auto a = cache.Get(first, now);
  EXPECT_EQ(cache.Get(first, now + 60'000'000).get(), a.get()) << "nothing changed in that minute";
  EXPECT_NE(cache.Get(first, now - 1).get(), a.get()) << "an earlier moment is planned anew";
  auto c = cache.Get(second, now);
  EXPECT_NE(c.get(), a.get()) << "a new snapshot, a new plan";
  EXPECT_EQ(c->min_group(), 5);
  EXPECT_FALSE(a->Released(core::Group::Subtree(0))) << "one person, and the first plan is still usable";
}

TEST(AggregateThreshold, ComesFromTheServerOptions) {
  db::testing::TempDbPath tmp;
  ServerOptions options;
  options.db_path = tmp.path();
  options.listen = "127.0.0.1:0";
  options.min_group_size = 0;
  EXPECT_EQ(Server::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.min_group_size = 2;
  auto started = Server::Start(options);
  ASSERT_TRUE(started.ok()) << started.status();
  std::unique_ptr<Server> server = std::move(*started);
  auto admin = testing::ChannelTo(*server);
  auto org = v1::OrgService::NewStub(admin);
  {
    grpc::ClientContext ctx;
    v1::OrgUnit u, out;
    u.set_id("k");
    u.set_name("K");
    ASSERT_TRUE(org->UpsertOrgUnit(&ctx, u, &out).ok());
  }
  auto g = v1::GapService::NewStub(testing::ChannelAs(*server, testing::MintTestToken(*server, core::Grant::kAggregate)));
  auto team = [&](v1::TeamGap* t) {
    grpc::ClientContext ctx;
    v1::GetTeamGapRequest req;
    req.set_org_unit_id("k");
    return g->GetTeamGap(&ctx, req, t);
  };
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    v1::Person p, out;
    p.set_id("p" + std::to_string(i));
    p.set_name("P");
    p.set_org_unit_id("k");
    p.set_active(true);
    ASSERT_TRUE(org->UpsertPerson(&ctx, p, &out).ok());
    v1::TeamGap t;
    const grpc::Status s = team(&t);
    if (i == 0) {
      EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED) << "one person";
      EXPECT_THAT(s.error_message(), HasSubstr("fewer than 2"));
    } else {
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_EQ(t.min_group_size(), 2);
    }
  }
}

// The demo: `it` holds its leader directly and two teams below it. The
// subtraction of the issue (it minus it.drift minus it.utvikling) must not
// be possible, and most of the demo's figures must still be shown.
TEST(AggregateDemo, TheLeaderDirectlyInItCannotBeSubtracted) {
  db::testing::TempDbPath tmp;
  auto server = testing::StartTestServer(tmp.path());
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(SeedDemo(server->InProcessChannel(testing::MintTestToken(*server, core::Grant::kAdmin))).ok());
  auto g = v1::GapService::NewStub(testing::ChannelAs(*server, testing::MintTestToken(*server, core::Grant::kAggregate)));
  auto team = [&](const std::string& unit, bool subunits, v1::TeamGap* t) {
    grpc::ClientContext ctx;
    v1::GetTeamGapRequest req;
    req.set_org_unit_id(unit);
    req.set_include_subunits(subunits);
    return g->GetTeamGap(&ctx, req, t).ok();
  };
  v1::TeamGap it, drift, dev, direct;
  const bool all_three = team("it", true, &it) && team("it.drift", true, &drift) && team("it.utvikling", true, &dev);
  EXPECT_FALSE(all_three) << "it, it.drift and it.utvikling together give the one person directly in it";
  EXPECT_FALSE(team("it", false, &direct)) << "one person";
  grpc::ClientContext ctx;
  v1::GetOrgSummaryRequest req;
  req.set_org_unit_id("it");
  v1::OrgSummary s;
  ASSERT_TRUE(g->GetOrgSummary(&ctx, req, &s).ok());
  EXPECT_LT(s.units_size(), 2) << "total minus its rows would be the leader";
  EXPECT_EQ(s.min_group_size(), 5);
  // The whole organisation: every sector row is shown.
  grpc::ClientContext ctx2;
  v1::OrgSummary all;
  ASSERT_TRUE(g->GetOrgSummary(&ctx2, v1::GetOrgSummaryRequest{}, &all).ok());
  EXPECT_EQ(all.total().people(), 291);
  EXPECT_FALSE(all.total().totals_withheld()) << "the kommune's required_met is the headline";
  EXPECT_FALSE(all.top_gaps_incomplete()) << "the kommune's largest gaps all rest on enough people";
  int areas_shown = 0;
  for (const v1::AreaSummary& a : all.total().areas()) areas_shown += !a.withheld();
  EXPECT_GE(areas_shown * 2, all.total().areas_size()) << "most of the kommune's area rows";
  std::string sectors;
  for (const v1::UnitSummary& u : all.units()) sectors += u.org_unit_id() + " ";
  EXPECT_EQ(all.units_size(), 6) << "every sector: " << sectors;
  // How much of the demo's coverage a tillitsvalgt still sees.
  int figures = 0, shown = 0, teams = 0;
  for (const v1::UnitSummary& sector : all.units()) {
    for (const std::string& unit : {sector.org_unit_id()}) {
      v1::TeamGap t;
      if (!team(unit, true, &t)) continue;
      ++teams;
      for (const v1::CompetenceCoverage& c : t.coverage()) {
        figures += 3;
        shown += !c.required_count_withheld() + !c.met_count_withheld() + !c.holders_withheld();
      }
    }
  }
  std::printf("demo sectors: %d team views, %d of %d coverage figures shown\n", teams, shown, figures);
  EXPECT_EQ(teams, 6);
  // 181 of 360 since a small count below no longer withholds it above
  // (113 before); the rest are counts of 1..4 or their complements.
  EXPECT_GT(shown * 5, figures * 2);
}

}  // namespace
}  // namespace skillpath::services
