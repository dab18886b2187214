// Issue #10 item 4 through the API: each absurd value of the report is
// refused with INVALID_ARGUMENT naming its field and stores nothing; and what
// an older server may already have stored (a plan scheduled past year 9999)
// no longer makes ExportPersonData, GetPlan or ListPlans fail.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <limits>

#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kYear1 = -62135596800;     // 0001-01-01T00:00:00Z
constexpr int64_t kYear9999 = 253370764800;  // 9999-01-01T00:00:00Z

// The small organisation on a scale of 3, Kari with an email address, the
// role's target with weight 1, and one course.
class BoundsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    testing::Organisation org = testing::SmallOrg(3);
    org.roles = {Role(1)};
    org.people = {Person()};
    org.resources = {Resource()};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
  }

  static v1::Role Role(double weight) { return testing::Role("ansatt", "Ansatt", {{"pv.gdpr", 2, v1::REQUIRED, weight}}); }
  static v1::Person Person() {
    v1::Person p = testing::SmallOrg().people[0];
    p.set_email("kari@eksempel.kommune.no");
    return p;
  }
  static v1::LearningResource Resource() {
    v1::LearningResource r = testing::Resource("kurs", "GDPR-kurs", 4, /*reaches_level=*/2);
    r.set_url("https://laering.eksempel.kommune.no/kurs");
    return r;
  }
  static v1::Assessment Assessment() { return testing::Assessment("E1", "pv.gdpr", 1); }

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
    return testing::Call(&v1::PlanService::Stub::ListPlans, plans_.get(), req).plans_size();
  }
  v1::Person StoredPerson() {
    v1::GetRequest req;
    req.set_id("E1");
    return testing::Call(&v1::OrgService::Stub::GetPerson, org_.get(), req);
  }
  grpc::Status Export(v1::ExportPersonDataResponse* out) {
    v1::ExportPersonDataRequest req;
    req.set_person_id("E1");
    grpc::ClientContext ctx;
    return privacy_->ExportPersonData(&ctx, req, out);
  }
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
  EXPECT_EQ(CountAssessments("E1"), 0);
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
