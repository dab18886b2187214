// Plans that stay current (issue #14 item 3) over gRPC on loopback: an
// assessment after a plan was saved marks its step no longer needed in
// every answer that carries the plan; RegeneratePlan makes a new DRAFT that
// keeps the DONE and STARTED steps and cancels the old plan, for the
// person and their manager only, writing nothing when refused; HR counts
// the open plans that are out of date.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "core/model/auth.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1767225600;  // 2026-01-01
constexpr int64_t kDay = 86400;

// Unit "k" with p1 and p2 as "leder" (Personvern, pv.gdpr, at 3 and
// Konsekvensvurdering, pv.dpia, at 2), "sjef" managing k and "annen" in
// unit "x". grunn (pv.gdpr 0->1) comes before kurs (pv.gdpr 1->3);
// dpia (pv.dpia 0->2) stands alone.
class PlanCurrencyServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer([] { return kNow * 1000000; }));
    testing::Organisation org = testing::SmallOrg();
    auto* area = org.frameworks[0].mutable_areas(0);
    area->mutable_competences(0)->set_name("Personvern");
    auto* dpia = area->add_competences();
    dpia->set_id("pv.dpia");
    dpia->set_name("Konsekvensvurdering");
    org.units = {testing::Unit("k", "Kommune"), testing::Unit("x", "Annen")};
    org.roles = {testing::Role("leder", "Enhetsleder", {{"pv.gdpr", 3}, {"pv.dpia", 2}})};
    v1::Person sjef = testing::Person("sjef", "Sjef", "k");
    sjef.add_manages_unit_ids("k");
    org.people = {testing::Person("p1", "p1", "k", {"leder"}), testing::Person("p2", "p2", "k", {"leder"}), sjef,
                  testing::Person("annen", "Annen", "x")};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
    ASSERT_TRUE(Upsert(testing::Resource("grunn", "Grunnkurs", 4, 1)).ok());
    v1::LearningResource kurs = testing::Resource("kurs", "Personvernkurs", 7, 3, 1);
    kurs.add_prerequisite_ids("grunn");
    ASSERT_TRUE(Upsert(kurs).ok());
    v1::LearningResource dpia_course = testing::Resource("dpia", "DPIA i praksis", 3, 2);
    dpia_course.mutable_outcomes(0)->set_competence_id("pv.dpia");
    ASSERT_TRUE(Upsert(dpia_course).ok());
  }

  v1::LearningPlan Saved(const std::string& person) {
    v1::GeneratePlanRequest req;
    req.set_person_id(person);
    req.set_save(true);
    return testing::Call(&v1::PlanService::Stub::GeneratePlan, plans_.get(), req);
  }
  v1::LearningPlan Get(const std::string& id) {
    v1::GetRequest req;
    req.set_id(id);
    return testing::Call(&v1::PlanService::Stub::GetPlan, plans_.get(), req);
  }
  std::vector<v1::LearningPlan> List(const std::string& person) {
    v1::ListPlansRequest req;
    req.set_person_id(person);
    auto resp = testing::Call(&v1::PlanService::Stub::ListPlans, plans_.get(), req);
    return {resp.plans().begin(), resp.plans().end()};
  }
  grpc::Status Regenerate(v1::PlanService::Stub& who, const std::string& id, v1::LearningPlan* out) {
    v1::RegeneratePlanRequest req;
    req.set_plan_id(id);
    grpc::ClientContext ctx;
    return who.RegeneratePlan(&ctx, req, out);
  }
  grpc::Status SetStatus(const std::string& id, v1::PlanStatus status, v1::LearningPlan* out) {
    v1::SetPlanStatusRequest req;
    req.set_plan_id(id);
    req.set_status(status);
    grpc::ClientContext ctx;
    return plans_->SetPlanStatus(&ctx, req, out);
  }
  grpc::Status Step(const std::string& id, int seq, v1::StepStatus status, v1::LearningPlan* out) {
    v1::UpdateStepRequest req;
    req.set_plan_id(id);
    req.set_seq(seq);
    req.set_status(status);
    grpc::ClientContext ctx;
    return plans_->UpdateStep(&ctx, req, out);
  }
  std::unique_ptr<v1::PlanService::Stub> As(core::Grant grant, const std::string& person = "") {
    return v1::PlanService::NewStub(testing::ChannelWithGrant(*server_, grant, person));
  }
  static int SeqOf(const v1::LearningPlan& plan, const std::string& resource) {
    for (const v1::PlanStep& s : plan.steps()) {
      if (s.resource_id() == resource) return s.seq();
    }
    return 0;
  }
  static std::vector<std::string> Resources(const v1::LearningPlan& plan) {
    std::vector<std::string> out;
    for (const v1::PlanStep& s : plan.steps()) out.push_back(s.resource_id());
    return out;
  }
};

TEST_F(PlanCurrencyServiceTest, AnAssessmentMarksTheStepItMakesUnneededInEveryAnswer) {
  v1::LearningPlan plan = Saved("p1");
  ASSERT_EQ(plan.steps_size(), 3);
  EXPECT_FALSE(plan.out_of_date()) << "a fresh plan is current";
  for (const v1::PlanStep& s : plan.steps()) EXPECT_FALSE(s.no_longer_needed());

  ASSERT_TRUE(Record(testing::Assessment("p1", "pv.dpia", 2, v1::SELF, kNow)).ok());
  const int dpia = SeqOf(plan, "dpia");
  for (const v1::LearningPlan& answered : {Get(plan.id()), List("p1").at(0)}) {
    EXPECT_TRUE(answered.out_of_date());
    EXPECT_TRUE(answered.steps(dpia - 1).no_longer_needed());
    EXPECT_EQ(answered.steps(dpia - 1).currency_reason(),
              "Konsekvensvurdering is at 2 now (self-rated), the level this step was to reach");
    EXPECT_FALSE(answered.steps(SeqOf(plan, "kurs") - 1).no_longer_needed());
    EXPECT_FALSE(answered.steps(SeqOf(plan, "grunn") - 1).no_longer_needed()) << "kurs needs it first";
    EXPECT_EQ(answered.not_enough_size(), 0);
  }
  v1::LearningPlan proposed;
  ASSERT_TRUE(SetStatus(plan.id(), v1::PROPOSED, &proposed).ok());
  EXPECT_TRUE(proposed.steps(dpia - 1).no_longer_needed()) << "writes answer it too";

  // A raised target: a second role asks for GDPR at 4, which nothing in
  // the catalogue reaches.
  v1::Role ekspert = testing::Role("ekspert", "Ekspert", {{"pv.gdpr", 4}});
  ASSERT_TRUE(Upsert(ekspert).ok());
  v1::Person p1 = testing::Person("p1", "p1", "k", {"leder", "ekspert"});
  ASSERT_TRUE(Upsert(p1).ok());
  v1::LearningPlan raised = Get(plan.id());
  ASSERT_EQ(raised.not_enough_size(), 1);
  EXPECT_EQ(raised.not_enough(0).competence_id(), "pv.gdpr");
  EXPECT_EQ(raised.not_enough(0).planned_level(), 3);
  EXPECT_EQ(raised.not_enough(0).needed_level(), 4);

  // A closed plan is not judged.
  v1::LearningPlan cancelled;
  ASSERT_TRUE(SetStatus(plan.id(), v1::CANCELLED, &cancelled).ok());
  EXPECT_FALSE(cancelled.out_of_date());
  EXPECT_FALSE(cancelled.steps(dpia - 1).no_longer_needed());
  EXPECT_EQ(cancelled.not_enough_size(), 0);
}

// A completed step of another plan is a change of level like any other:
// HR marks dpia DONE in p1's second plan (the validated level at once),
// and the first plan's dpia step is no longer needed.
TEST_F(PlanCurrencyServiceTest, AStepCompletedInAnotherPlanMarksTheSameStepUnneeded) {
  const v1::LearningPlan first = Saved("p1");
  const v1::LearningPlan second = Saved("p1");
  ASSERT_NE(first.id(), second.id());
  const int dpia = SeqOf(first, "dpia");
  ASSERT_GT(dpia, 0);
  EXPECT_FALSE(Get(first.id()).steps(dpia - 1).no_longer_needed());
  v1::LearningPlan out;
  ASSERT_TRUE(SetStatus(second.id(), v1::PROPOSED, &out).ok());
  ASSERT_TRUE(SetStatus(second.id(), v1::APPROVED, &out).ok());
  const grpc::Status done = Step(second.id(), SeqOf(second, "dpia"), v1::DONE, &out);
  ASSERT_TRUE(done.ok()) << done.error_message();
  const v1::LearningPlan now = Get(first.id());
  EXPECT_TRUE(now.out_of_date());
  EXPECT_TRUE(now.steps(dpia - 1).no_longer_needed());
  EXPECT_THAT(now.steps(dpia - 1).currency_reason(), HasSubstr("Konsekvensvurdering is at 2 now"));
  EXPECT_FALSE(now.steps(SeqOf(first, "kurs") - 1).no_longer_needed());
}

TEST_F(PlanCurrencyServiceTest, RegeneratingKeepsDoneAndStartedStepsAndCancelsTheOldPlan) {
  v1::LearningPlan plan = Saved("p1"), out;
  ASSERT_TRUE(SetStatus(plan.id(), v1::PROPOSED, &out).ok());
  ASSERT_TRUE(SetStatus(plan.id(), v1::APPROVED, &out).ok());
  const int grunn = SeqOf(plan, "grunn"), kurs = SeqOf(plan, "kurs");
  ASSERT_TRUE(Step(plan.id(), grunn, v1::DONE, &out).ok()) << "HR's DONE: evidence at once";
  ASSERT_TRUE(Step(plan.id(), kurs, v1::STARTED, &out).ok());
  ASSERT_TRUE(Record(testing::Assessment("p1", "pv.dpia", 2, v1::MANAGER, kNow)).ok());
  ASSERT_TRUE(Get(plan.id()).out_of_date());

  // The manager makes it again.
  auto manager = As(core::Grant::kManager, "sjef");
  v1::LearningPlan fresh;
  grpc::Status s = Regenerate(*manager, plan.id(), &fresh);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(fresh.id(), plan.id());
  EXPECT_EQ(fresh.status(), v1::DRAFT);
  EXPECT_EQ(fresh.replaces_plan_id(), plan.id());
  EXPECT_EQ(Resources(fresh), (std::vector<std::string>{"grunn", "kurs"})) << "dpia is no longer needed";
  EXPECT_EQ(fresh.steps(0).status(), v1::DONE);
  EXPECT_EQ(fresh.steps(1).status(), v1::STARTED);
  EXPECT_EQ(fresh.steps(1).planned_start().seconds(), plan.steps(kurs - 1).planned_start().seconds())
      << "kept as it was";
  EXPECT_FALSE(fresh.out_of_date());
  EXPECT_DOUBLE_EQ(fresh.total_hours(), 11);

  v1::LearningPlan old = Get(plan.id());
  EXPECT_EQ(old.status(), v1::CANCELLED);
  EXPECT_EQ(old.replaced_by_plan_id(), fresh.id());
  ASSERT_EQ(List("p1").size(), 2u);

  // Audited as the manager's write about p1.
  auto auth = v1::AuthService::NewStub(testing::ChannelWithGrant(*server_, core::Grant::kAdmin));
  v1::ListAuditEventsRequest req;
  req.set_subject("p1");
  grpc::ClientContext ctx;
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(auth->ListAuditEvents(&ctx, req, &events).ok());
  int regenerated = 0;
  for (const v1::AuditEvent& e : events.events()) {
    if (e.method() == "skillpath.v1.PlanService/RegeneratePlan" && e.outcome() == "OK") {
      ++regenerated;
      EXPECT_EQ(e.actor_person(), "sjef");
    }
  }
  EXPECT_EQ(regenerated, 1);

  // Only an open plan: the cancelled one is final.
  s = Regenerate(*plans_, plan.id(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("is CANCELLED; only an open plan"));
}

TEST_F(PlanCurrencyServiceTest, OnlyThePersonTheirManagerAndHrRegenerateAndARefusalWritesNothing) {
  v1::LearningPlan plan = Saved("p1"), out;
  for (auto [grant, person] : std::vector<std::pair<core::Grant, std::string>>{{core::Grant::kEmployee, "p2"},
                                                                               {core::Grant::kManager, "annen"},
                                                                               {core::Grant::kAggregate, ""},
                                                                               {core::Grant::kAdmin, ""}}) {
    grpc::Status s = Regenerate(*As(grant, person), plan.id(), &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << core::GrantName(grant) << " " << person;
  }
  // A plan that does not exist is refused like one out of reach.
  grpc::Status unknown = Regenerate(*As(core::Grant::kEmployee, "p2"), "no-such-plan", &out);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_EQ(List("p1").size(), 1u) << "nothing written";
  EXPECT_EQ(Get(plan.id()).status(), v1::DRAFT);

  grpc::Status s = Regenerate(*As(core::Grant::kEmployee, "p1"), plan.id(), &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.status(), v1::DRAFT);
  EXPECT_EQ(List("p1").size(), 2u);
  s = Regenerate(*As(core::Grant::kEmployee, "p1"), "", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << "no plan: out of reach";
  s = Regenerate(*plans_, "", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("plan_id"));
}

TEST_F(PlanCurrencyServiceTest, HrAndTheManagerCountTheOpenPlansThatAreOutOfDate) {
  v1::LearningPlan p1 = Saved("p1");
  Saved("p2");
  ASSERT_TRUE(Record(testing::Assessment("p1", "pv.dpia", 2, v1::SELF, kNow)).ok());
  auto count = [&](v1::PlanService::Stub& who, const std::string& unit, v1::OutOfDatePlanCount* out) {
    v1::GetOutOfDatePlanCountRequest req;
    req.set_org_unit_id(unit);
    grpc::ClientContext ctx;
    return who.GetOutOfDatePlanCount(&ctx, req, out);
  };
  v1::OutOfDatePlanCount all;
  ASSERT_TRUE(count(*As(core::Grant::kHr), "", &all).ok());
  EXPECT_EQ(all.open_plans(), 2);
  EXPECT_EQ(all.out_of_date_plans(), 1);
  EXPECT_EQ(all.people(), 4);

  v1::OutOfDatePlanCount team;
  ASSERT_TRUE(count(*As(core::Grant::kManager, "sjef"), "k", &team).ok());
  EXPECT_EQ(team.open_plans(), 2);
  EXPECT_EQ(team.out_of_date_plans(), 1);
  v1::OutOfDatePlanCount other;
  EXPECT_EQ(count(*As(core::Grant::kManager, "sjef"), "x", &other).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(count(*As(core::Grant::kEmployee, "p1"), "k", &other).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(count(*As(core::Grant::kHr), "nowhere", &other).error_code(), grpc::StatusCode::NOT_FOUND);

  // Cancelled plans are not open.
  v1::LearningPlan out;
  ASSERT_TRUE(SetStatus(p1.id(), v1::CANCELLED, &out).ok());
  ASSERT_TRUE(count(*As(core::Grant::kHr), "k", &all).ok());
  EXPECT_EQ(all.open_plans(), 1);
  EXPECT_EQ(all.out_of_date_plans(), 0);
}

}  // namespace
}  // namespace skillpath::services
