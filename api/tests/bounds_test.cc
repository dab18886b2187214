// Issue #10 item 4 through the API: each absurd value of the report is
// refused with INVALID_ARGUMENT naming its field and stores nothing; and what
// an older server may already have stored (a plan scheduled past year 9999)
// no longer makes ExportPersonData, GetPlan or ListPlans fail.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <limits>

#include "server/server.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "testing/db_files.h"
#include "testing/test_data.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kYear1 = -62135596800;     // 0001-01-01T00:00:00Z
constexpr int64_t kYear9999 = 253370764800;  // 9999-01-01T00:00:00Z

class BoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::StartTestServer(tmp_.path());
    ASSERT_NE(server_, nullptr);
    auto channel = testing::ChannelTo(*server_);
    frameworks_ = v1::FrameworkService::NewStub(channel);
    org_ = v1::OrgService::NewStub(channel);
    assessments_ = v1::AssessmentService::NewStub(channel);
    catalog_ = v1::CatalogService::NewStub(channel);
    gaps_ = v1::GapService::NewStub(channel);
    plans_ = v1::PlanService::NewStub(channel);
    privacy_ = v1::PrivacyService::NewStub(channel);

    v1::Framework f = testing::PrivacyFramework(3);
    grpc::ClientContext c1;
    ASSERT_TRUE(frameworks_->UpsertFramework(&c1, f, &f).ok());
    v1::OrgUnit unit;
    unit.set_id("it");
    unit.set_name("IT");
    grpc::ClientContext c2;
    ASSERT_TRUE(org_->UpsertOrgUnit(&c2, unit, &unit).ok());
    v1::Role role = Role(1);
    grpc::ClientContext c3;
    ASSERT_TRUE(org_->UpsertRole(&c3, role, &role).ok());
    v1::Person p = Person();
    grpc::ClientContext c4;
    ASSERT_TRUE(org_->UpsertPerson(&c4, p, &p).ok());
    v1::LearningResource r = Resource();
    grpc::ClientContext c5;
    ASSERT_TRUE(catalog_->UpsertResource(&c5, r, &r).ok());
  }

  static v1::Role Role(double weight) {
    v1::Role role;
    role.set_id("ansatt");
    role.set_name("Ansatt");
    auto* t = role.add_targets();
    t->set_competence_id("pv.gdpr");
    t->set_level(2);
    t->set_priority(v1::REQUIRED);
    t->set_weight(weight);
    return role;
  }
  static v1::Person Person() {
    v1::Person p;
    p.set_id("E1");
    p.set_name("Kari Nordmann");
    p.set_email("kari@eksempel.kommune.no");
    p.set_org_unit_id("it");
    p.add_role_ids("ansatt");
    return p;
  }
  static v1::LearningResource Resource() {
    v1::LearningResource r;
    r.set_id("kurs");
    r.set_title("GDPR-kurs");
    r.set_mode(v1::ELEARNING);
    r.set_hours(4);
    r.set_url("https://laering.eksempel.kommune.no/kurs");
    auto* o = r.add_outcomes();
    o->set_competence_id("pv.gdpr");
    o->set_reaches_level(2);
    return r;
  }
  static v1::Assessment Assessment() {
    v1::Assessment a;
    a.set_person_id("E1");
    a.set_competence_id("pv.gdpr");
    a.set_level(1);
    a.set_source(v1::MANAGER);
    *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(1767225600);  // 2026-01-01
    return a;
  }

  grpc::Status Upsert(const v1::OrgUnit& m) {
    grpc::ClientContext ctx;
    v1::OrgUnit out;
    return org_->UpsertOrgUnit(&ctx, m, &out);
  }
  grpc::Status Upsert(const v1::Person& m) {
    grpc::ClientContext ctx;
    v1::Person out;
    return org_->UpsertPerson(&ctx, m, &out);
  }
  grpc::Status Upsert(const v1::Role& m) {
    grpc::ClientContext ctx;
    v1::Role out;
    return org_->UpsertRole(&ctx, m, &out);
  }
  grpc::Status Upsert(const v1::LearningResource& m) {
    grpc::ClientContext ctx;
    v1::LearningResource out;
    return catalog_->UpsertResource(&ctx, m, &out);
  }
  grpc::Status Record(const v1::Assessment& m) {
    grpc::ClientContext ctx;
    v1::Assessment out;
    return assessments_->RecordAssessment(&ctx, m, &out);
  }
  grpc::Status Generate(const v1::PlanOptions& options, bool save = true) {
    v1::GeneratePlanRequest req;
    req.set_person_id("E1");
    *req.mutable_options() = options;
    req.set_save(save);
    grpc::ClientContext ctx;
    v1::LearningPlan out;
    return plans_->GeneratePlan(&ctx, req, &out);
  }
  int CountPlans() {
    v1::ListPlansRequest req;
    req.set_person_id("E1");
    grpc::ClientContext ctx;
    v1::ListPlansResponse out;
    EXPECT_TRUE(plans_->ListPlans(&ctx, req, &out).ok());
    return out.plans_size();
  }
  int CountAssessments() {
    v1::ListAssessmentsRequest req;
    req.set_person_id("E1");
    grpc::ClientContext ctx;
    v1::ListAssessmentsResponse out;
    EXPECT_TRUE(assessments_->ListAssessments(&ctx, req, &out).ok());
    return out.assessments_size();
  }
  v1::Person StoredPerson() {
    v1::GetRequest req;
    req.set_id("E1");
    grpc::ClientContext ctx;
    v1::Person out;
    EXPECT_TRUE(org_->GetPerson(&ctx, req, &out).ok());
    return out;
  }
  grpc::Status Export(v1::ExportPersonDataResponse* out) {
    v1::ExportPersonDataRequest req;
    req.set_person_id("E1");
    grpc::ClientContext ctx;
    return privacy_->ExportPersonData(&ctx, req, out);
  }

  db::testing::TempDbPath tmp_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::FrameworkService::Stub> frameworks_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssessmentService::Stub> assessments_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
  std::unique_ptr<v1::PlanService::Stub> plans_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_;
};

TEST_F(BoundsTest, PlanOptionsOutsideTheirRangesAreRefusedAndNotSaved) {
  v1::PlanOptions o;
  o.set_weekly_hours(1e-9);
  EXPECT_INVALID(Generate(o), "options.weekly_hours: must be between 0.5 and 60");
  o.set_weekly_hours(2);
  *o.mutable_start() = TimeUtil::SecondsToTimestamp(kYear9999);
  EXPECT_INVALID(Generate(o), "options.start:");
  // The binary wire format carries any int64: it must be refused, not overflow.
  o.mutable_start()->set_seconds(std::numeric_limits<int64_t>::max());
  EXPECT_INVALID(Generate(o), "options.start: must lie between 1970-01-01 and 2200-01-01");
  o.mutable_start()->set_seconds(std::numeric_limits<int64_t>::min());
  EXPECT_INVALID(Generate(o), "options.start:");
  o.clear_start();
  o.set_max_cost(1e308);
  EXPECT_INVALID(Generate(o), "options.max_cost");
  o.set_max_cost(0);
  o.set_max_hours(1e300);
  EXPECT_INVALID(Generate(o), "options.max_hours");
  EXPECT_EQ(CountPlans(), 0);
  o.set_max_hours(0);
  EXPECT_TRUE(Generate(o).ok()) << "the defaults are within range";
  EXPECT_EQ(CountPlans(), 1);

  v1::GetTrainingDemandRequest demand;
  demand.set_budget(1e308);
  grpc::ClientContext ctx;
  v1::TrainingDemand out;
  EXPECT_INVALID(plans_->GetTrainingDemand(&ctx, demand, &out), "budget: must be between 0 and 1e+09");
}

TEST_F(BoundsTest, TheReportedAbsurdEntitiesAreRefusedByField) {
  EXPECT_INVALID(Upsert(Role(1e308)), "targets[0].weight: must be between 0 and 100");

  v1::LearningResource r = Resource();
  r.set_hours(1e300);
  EXPECT_INVALID(Upsert(r), "hours: must be between 0 and 10000");
  r = Resource();
  r.set_url("javascript:alert(1)");
  EXPECT_INVALID(Upsert(r), "url: 'javascript:alert(1)' must be an http:// or https:// URL");
  r = Resource();
  r.set_mode(v1::CLASSROOM);
  auto* s = r.add_sessions();
  s->set_id("s1");
  *s->mutable_start() = TimeUtil::SecondsToTimestamp(1767225600);
  *s->mutable_end() = TimeUtil::SecondsToTimestamp(1767225600 + 3600);
  s->set_capacity(1000000);
  EXPECT_INVALID(Upsert(r), "sessions[0].capacity: must be 1..10000");

  for (const char* id : {".", ".."}) {
    v1::OrgUnit unit;
    unit.set_id(id);
    unit.set_name("Punktum");
    EXPECT_INVALID(Upsert(unit), "id: '" + std::string(id) + "' must contain a letter or digit");
  }

  v1::Person p = Person();
  p.set_name(std::string("Kari\0Nordmann", 13));
  EXPECT_INVALID(Upsert(p), "name: has a control character (U+0000)");
  for (const char* email : {"a@b", "<script>@x.no", "kari@x.no<script>alert(1)</script>"}) {
    p = Person();
    p.set_email(email);
    EXPECT_INVALID(Upsert(p), "email:");
  }
  EXPECT_EQ(StoredPerson().name(), "Kari Nordmann") << "nothing of a refused write is stored";
  EXPECT_EQ(StoredPerson().email(), "kari@eksempel.kommune.no");

  v1::Framework f;
  grpc::ClientContext c1;
  v1::GetRequest get;
  get.set_id("fw");
  ASSERT_TRUE(frameworks_->GetFramework(&c1, get, &f).ok());
  f.set_source_uri("javascript:alert(1)");
  grpc::ClientContext c2;
  EXPECT_INVALID(frameworks_->UpsertFramework(&c2, f, &f), "source_uri: 'javascript:alert(1)' must be an http");

  v1::Assessment a = Assessment();
  a.set_evidence_uri("javascript:alert(1)");
  EXPECT_INVALID(Record(a), "evidence_uri:");
  a = Assessment();
  *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(kYear1);
  EXPECT_INVALID(Record(a), "assessed_at: must lie between 1970-01-01 and 2200-01-01");
  a = Assessment();
  a.mutable_assessed_at()->set_seconds(std::numeric_limits<int64_t>::max());
  EXPECT_INVALID(Record(a), "assessed_at:");
  a = Assessment();
  *a.mutable_expires_at() = TimeUtil::SecondsToTimestamp(kYear9999);
  EXPECT_INVALID(Record(a), "expires_at:");
  a = Assessment();
  a.set_note(std::string("a\0b", 3));
  EXPECT_INVALID(Record(a), "note: has a control character");
  EXPECT_EQ(CountAssessments(), 0);
  EXPECT_TRUE(Record(Assessment()).ok());
}

TEST_F(BoundsTest, ReadTimesOutsideTheRangeAreRefused) {
  v1::GetPersonGapRequest req;
  req.set_person_id("E1");
  *req.mutable_as_of() = TimeUtil::SecondsToTimestamp(kYear1);
  grpc::ClientContext c1;
  v1::PersonGap gap;
  EXPECT_INVALID(gaps_->GetPersonGap(&c1, req, &gap), "as_of: must lie between");
  v1::GetTeamGapRequest team;
  team.set_org_unit_id("it");
  team.mutable_as_of()->set_seconds(std::numeric_limits<int64_t>::max());
  grpc::ClientContext c2;
  v1::TeamGap team_gap;
  EXPECT_INVALID(gaps_->GetTeamGap(&c2, team, &team_gap), "as_of:");
}

TEST_F(BoundsTest, AnAbsurdPlanStoredEarlierStillExports) {
  // What an earlier server saved from weekly_hours 1e-9 and a start in year
  // 9999: step times far beyond what a Timestamp can hold.
  core::LearningPlan plan;
  plan.id = "old-plan";
  plan.person_id = "E1";
  plan.status = core::PlanStatus::kDraft;
  plan.options.weekly_hours = 1e-9;
  plan.options.start = kYear9999 * 1000000;
  core::PlanStep step;
  step.seq = 1;
  step.resource_id = "kurs";
  step.title = "GDPR-kurs";
  step.changes = {{"pv.gdpr", 0, 2}};
  step.planned_start = plan.options.start;
  step.planned_end = std::numeric_limits<core::Time>::max() / 2;
  plan.steps = {step};
  plan.total_hours = 4;
  plan.created_at = plan.updated_at = 1767225600LL * 1000000;
  ASSERT_TRUE(server_->writer().RunAndWait([&](core::Repositories& repos) { return repos.plans.PutPlan(plan); }).ok());

  v1::ExportPersonDataResponse exported;
  grpc::Status s = Export(&exported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(exported.data().plans_size(), 1);
  EXPECT_EQ(exported.data().plans(0).steps(0).planned_end().seconds(), 253402300799) << "clamped to 9999-12-31";
  EXPECT_THAT(exported.json(), HasSubstr("9999-12-31T23:59:59"));

  grpc::ClientContext c1;
  v1::GetRequest get;
  get.set_id("old-plan");
  v1::LearningPlan got;
  EXPECT_TRUE(plans_->GetPlan(&c1, get, &got).ok());
  EXPECT_EQ(CountPlans(), 1);
}

}  // namespace
}  // namespace skillpath::services
