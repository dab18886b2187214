// PlanService over gRPC on loopback: generation from the person's gaps,
// saving, the status lifecycle, working through steps (DONE records
// evidence and the gap shrinks at once), session seats counted across saved
// plans, and the errors each misuse gets.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "core/model/auth.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1767225600;  // 2026-01-01
constexpr int64_t kDay = 86400;

// The small organisation's framework with its competence named Personvern,
// in unit "k": two people, p1 and p2, as "leder" (pv.gdpr at 3).
class PlanServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer([] { return kNow * 1000000; }));
    testing::Organisation org = testing::SmallOrg();
    org.frameworks[0].mutable_areas(0)->mutable_competences(0)->set_name("Personvern");
    org.units = {testing::Unit("k", "Kommune")};
    org.roles = {testing::Role("leder", "Enhetsleder", {{"pv.gdpr", 3}})};
    org.people = {testing::Person("p1", "p1", "k", {"leder"}), testing::Person("p2", "p2", "k", {"leder"})};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
    // grunn (e-learning, 0->1) is needed before kurs (classroom, 1->3, one
    // seat in its only session).
    AddResource("grunn", v1::ELEARNING, 4, 0, 0, 1, {}, false);
    AddResource("kurs", v1::CLASSROOM, 7, 2500, 1, 3, {"grunn"}, true);
  }

  void AddResource(const std::string& id, v1::LearningMode mode, double hours, double cost, int lo, int hi,
                   std::vector<std::string> prereqs, bool session) {
    v1::LearningResource r = testing::Resource(id, "Kurs " + id, hours, hi, lo);
    r.set_mode(mode);
    r.set_cost(cost);
    for (auto& p : prereqs) r.add_prerequisite_ids(p);
    if (session) {
      auto* s = r.add_sessions();
      s->set_id("mars");
      *s->mutable_start() = TimeUtil::SecondsToTimestamp(kNow + 60 * kDay);
      *s->mutable_end() = TimeUtil::SecondsToTimestamp(kNow + 60 * kDay + 7 * 3600);
      s->set_capacity(1);
    }
    ASSERT_TRUE(Upsert(r).ok());
  }

  grpc::Status Generate(const std::string& person, bool save, v1::LearningPlan* plan, double weekly = 0) {
    v1::GeneratePlanRequest req;
    req.set_person_id(person);
    req.set_save(save);
    req.mutable_options()->set_weekly_hours(weekly);
    grpc::ClientContext ctx;
    return plans_->GeneratePlan(&ctx, req, plan);
  }
  grpc::Status SetStatus(const std::string& id, v1::PlanStatus status, v1::LearningPlan* plan) {
    v1::SetPlanStatusRequest req;
    req.set_plan_id(id);
    req.set_status(status);
    grpc::ClientContext ctx;
    return plans_->SetPlanStatus(&ctx, req, plan);
  }
  grpc::Status Step(const std::string& id, int seq, v1::StepStatus status, v1::LearningPlan* plan) {
    v1::UpdateStepRequest req;
    req.set_plan_id(id);
    req.set_seq(seq);
    req.set_status(status);
    grpc::ClientContext ctx;
    return plans_->UpdateStep(&ctx, req, plan);
  }
  v1::PersonGap Gap(const std::string& person) {
    v1::GetPersonGapRequest req;
    req.set_person_id(person);
    return testing::Call(&v1::GapService::Stub::GetPersonGap, gaps_.get(), req);
  }

};

TEST_F(PlanServiceTest, GeneratesADatedPlanFromTheGap) {
  v1::LearningPlan plan;
  ASSERT_TRUE(Generate("p1", false, &plan).ok());
  EXPECT_TRUE(plan.id().empty()) << "not saved";
  ASSERT_EQ(plan.steps_size(), 2);
  EXPECT_EQ(plan.steps(0).resource_id(), "grunn");
  EXPECT_EQ(plan.steps(1).resource_id(), "kurs");
  EXPECT_EQ(plan.steps(1).rationale(), "raises Personvern from 1 to 3; needed by role Enhetsleder");
  EXPECT_EQ(plan.steps(1).session_id(), "mars");
  // 1 January is closed (Christmas to New Year's Day, Norway's default
  // work calendar): the first step starts on the 2nd.
  EXPECT_EQ(plan.steps(0).planned_start().seconds(), kNow + kDay);
  EXPECT_EQ(plan.steps(0).planned_end().seconds(), kNow + kDay + 14 * kDay) << "4 hours at 2 a week";
  EXPECT_TRUE(plan.schedule_optimal());
  EXPECT_DOUBLE_EQ(plan.total_hours(), 11);
  EXPECT_DOUBLE_EQ(plan.total_cost(), 2500);
  EXPECT_TRUE(plan.optimal());
  EXPECT_EQ(plan.uncovered_size(), 0);
  EXPECT_DOUBLE_EQ(plan.options().weekly_hours(), 2);
}

// Issue #14 item 2: the organisation's work calendar, read by everyone, set
// by HR; plans skip its closed periods.
TEST_F(PlanServiceTest, PlansSkipTheWorkCalendarsClosedPeriods) {
  auto org = v1::OrgService::NewStub(testing::ChannelWithGrant(*server_, core::Grant::kHr));
  grpc::ClientContext get_ctx;
  v1::WorkCalendar calendar;
  ASSERT_TRUE(org->GetWorkCalendar(&get_ctx, {}, &calendar).ok());
  EXPECT_TRUE(calendar.norwegian_holidays()) << "Norway's by default";
  EXPECT_EQ(calendar.closed_size(), 0);

  // Two closed weeks of the organisation's own from 5 January: the 4 hours
  // at 2 a week of the first step run 2-4 January, then from 19 January on.
  calendar.set_norwegian_holidays(true);
  auto* p = calendar.add_closed();
  p->set_name("Omstillingsuker");
  p->set_first_day("2026-01-05");
  p->set_last_day("2026-01-18");
  grpc::ClientContext set_ctx;
  v1::WorkCalendar stored;
  ASSERT_TRUE(org->SetWorkCalendar(&set_ctx, calendar, &stored).ok());
  EXPECT_EQ(stored.closed(0).name(), "Omstillingsuker");
  v1::LearningPlan plan;
  ASSERT_TRUE(Generate("p1", false, &plan).ok());
  EXPECT_EQ(plan.steps(0).planned_start().seconds(), kNow + kDay);
  EXPECT_EQ(plan.steps(0).planned_end().seconds(), kNow + kDay + 28 * kDay) << "two weeks of learning, two closed";

  // Bad input: named, nothing changed.
  p->set_last_day("2026-01-04");
  grpc::ClientContext bad_ctx;
  grpc::Status s = org->SetWorkCalendar(&bad_ctx, calendar, &stored);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "closed[0].last_day: 2026-01-04 is before first_day 2026-01-05");
  grpc::ClientContext empty_ctx;
  s = org->SetWorkCalendar(&empty_ctx, v1::WorkCalendar(), &stored);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << "an empty request is not taken for 'no holidays'";
  EXPECT_THAT(s.error_message(), HasSubstr("norwegian_holidays"));
  grpc::ClientContext again_ctx;
  ASSERT_TRUE(org->GetWorkCalendar(&again_ctx, {}, &stored).ok());
  EXPECT_EQ(stored.closed(0).last_day(), "2026-01-18");

  // Turned off: the plan starts on 1 January.
  v1::WorkCalendar none;
  none.set_norwegian_holidays(false);
  grpc::ClientContext off_ctx;
  ASSERT_TRUE(org->SetWorkCalendar(&off_ctx, none, &stored).ok());
  ASSERT_TRUE(Generate("p1", false, &plan).ok());
  EXPECT_EQ(plan.steps(0).planned_start().seconds(), kNow);
  EXPECT_EQ(plan.steps(0).planned_end().seconds(), kNow + 14 * kDay);
}

// Issue #14 item 2: a part-timer's own hours a week, when the request
// leaves them out.
TEST_F(PlanServiceTest, APersonsOwnWeeklyHoursAreTheDefault) {
  v1::Person hours;
  hours.set_id("p1");
  hours.set_weekly_hours(1);
  hours.mutable_update_mask()->add_paths("weekly_hours");
  v1::Person stored;
  ASSERT_TRUE(Upsert(hours, &stored).ok());
  EXPECT_EQ(stored.weekly_hours(), 1);
  EXPECT_FALSE(stored.name().empty()) << "the mask left the rest";
  v1::LearningPlan plan;
  ASSERT_TRUE(Generate("p1", false, &plan).ok());
  EXPECT_DOUBLE_EQ(plan.options().weekly_hours(), 1);
  EXPECT_EQ(plan.steps(0).planned_end().seconds() - plan.steps(0).planned_start().seconds(), 28 * kDay)
      << "4 hours at 1 a week";
  ASSERT_TRUE(Generate("p1", false, &plan, 4).ok());
  EXPECT_DOUBLE_EQ(plan.options().weekly_hours(), 4) << "asked for: the request's";

  hours.set_weekly_hours(100);
  grpc::Status s = Upsert(hours, &stored);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("weekly_hours"));
}

TEST_F(PlanServiceTest, LifecycleStepsEvidenceAndCompletion) {
  v1::LearningPlan plan;
  ASSERT_TRUE(Generate("p1", true, &plan).ok());
  ASSERT_FALSE(plan.id().empty());
  EXPECT_EQ(plan.status(), v1::DRAFT);
  const std::string id = plan.id();

  v1::LearningPlan out;
  grpc::Status s = Step(id, 1, v1::DONE, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("APPROVED"));
  s = SetStatus(id, v1::APPROVED, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("allowed next: PROPOSED, CANCELLED"));
  ASSERT_TRUE(SetStatus(id, v1::PROPOSED, &out).ok());
  ASSERT_TRUE(SetStatus(id, v1::APPROVED, &out).ok());
  EXPECT_EQ(out.status(), v1::APPROVED);

  EXPECT_EQ(Gap("p1").gaps(0).current_level(), 0);
  ASSERT_TRUE(Step(id, 1, v1::DONE, &out).ok());
  EXPECT_EQ(out.status(), v1::IN_PROGRESS);
  v1::PersonGap g = Gap("p1");
  EXPECT_EQ(g.gaps(0).current_level(), 1) << "the step's evidence counts at once";
  EXPECT_EQ(g.gaps(0).current_source(), v1::EVIDENCE);
  s = Step(id, 1, v1::SKIPPED, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION) << "a DONE step stays DONE";
  s = Step(id, 3, v1::DONE, &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("seq: plan"));
  ASSERT_TRUE(Step(id, 2, v1::DONE, &out).ok());
  EXPECT_EQ(out.status(), v1::COMPLETED);
  EXPECT_TRUE(Gap("p1").gaps(0).met());

  v1::ListPlansRequest lreq;
  lreq.set_person_id("p1");
  v1::ListPlansResponse list;
  grpc::ClientContext ctx;
  ASSERT_TRUE(plans_->ListPlans(&ctx, lreq, &list).ok());
  ASSERT_EQ(list.plans_size(), 1);
  EXPECT_EQ(list.plans(0).steps(0).status(), v1::DONE);

  // Completed courses count as done for the next plan: nothing left to plan.
  v1::LearningPlan next;
  ASSERT_TRUE(Generate("p1", false, &next).ok());
  EXPECT_EQ(next.steps_size(), 0);
}

TEST_F(PlanServiceTest, CancelledPlansTakeNoStepsAndFreeTheirSeats) {
  v1::LearningPlan first, second, out;
  ASSERT_TRUE(Generate("p1", true, &first).ok());
  EXPECT_EQ(first.steps(1).session_id(), "mars");
  ASSERT_TRUE(Generate("p2", true, &second).ok());
  EXPECT_TRUE(second.steps(1).session_id().empty()) << "the only seat is taken by p1's saved plan";
  EXPECT_THAT(second.steps(1).problem(), HasSubstr("no session with a free seat"));
  ASSERT_TRUE(SetStatus(first.id(), v1::CANCELLED, &out).ok());
  grpc::Status s = Step(first.id(), 1, v1::STARTED, &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("CANCELLED"));
  s = SetStatus(first.id(), v1::DRAFT, &out);
  EXPECT_THAT(s.error_message(), HasSubstr("allowed next: none"));
  v1::LearningPlan third;
  ASSERT_TRUE(Generate("p2", false, &third).ok());
  EXPECT_EQ(third.steps(1).session_id(), "mars") << "the cancelled plan's seat is free again";
}

TEST_F(PlanServiceTest, ResourcesInActivePlansCannotBeDeleted) {
  v1::LearningPlan plan;
  ASSERT_TRUE(Generate("p1", true, &plan).ok());
  v1::DeleteResourceRequest req;
  req.set_id("kurs");
  v1::DeleteResourceResponse resp;
  grpc::ClientContext ctx;
  grpc::Status s = catalog_->DeleteResource(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(plan.id()));
}

TEST_F(PlanServiceTest, TrainingDemandFromSavedAndFreshPlansWithABudget) {
  v1::LearningPlan saved;
  ASSERT_TRUE(Generate("p1", true, &saved).ok());  // takes the only seat
  v1::GetTrainingDemandRequest req;
  req.set_org_unit_id("k");
  req.set_budget(1000);
  v1::TrainingDemand d;
  grpc::ClientContext ctx;
  ASSERT_TRUE(plans_->GetTrainingDemand(&ctx, req, &d).ok());
  ASSERT_EQ(d.resources_size(), 2);
  EXPECT_EQ(d.resources(0).resource_id(), "grunn");
  EXPECT_EQ(d.resources(0).learners(), 2);
  EXPECT_DOUBLE_EQ(d.resources(0).total_hours(), 8);
  const v1::ResourceDemand& kurs = d.resources(1);
  EXPECT_EQ(kurs.learners(), 2);
  EXPECT_DOUBLE_EQ(kurs.total_cost(), 5000);
  ASSERT_EQ(kurs.cohorts_size(), 2);
  EXPECT_EQ(kurs.cohorts(0).session_id(), "") << "p2's fresh plan finds the session full";
  EXPECT_EQ(kurs.cohorts(1).session_id(), "mars");
  EXPECT_EQ(kurs.cohorts(1).person_ids(0), "p1");
  ASSERT_EQ(kurs.quarters_size(), 1);
  EXPECT_EQ(kurs.quarters(0).quarter(), "2026-Q1");
  EXPECT_EQ(kurs.quarters(0).learners(), 1) << "p2 has no seat: in no quarter";
  EXPECT_EQ(kurs.unscheduled(), 1);
  EXPECT_EQ(kurs.session_capacity(), 1);
  EXPECT_EQ(kurs.extra_sessions_needed(), 1);
  EXPECT_EQ(d.resources(0).unscheduled(), 0) << "e-learning needs no session";
  EXPECT_DOUBLE_EQ(d.total_cost(), 5000);
  // 1000 kr funds both free e-learning steps (each closes 1 of 4 levels),
  // not a 2,500 kr course.
  const v1::Allocation& a = d.allocation();
  EXPECT_EQ(a.funded_size(), 2);
  EXPECT_EQ(a.unfunded_size(), 2);
  EXPECT_DOUBLE_EQ(a.spent(), 0);
  EXPECT_DOUBLE_EQ(a.closed_weighted_gap(), 0.5);
  EXPECT_THAT(a.algorithm(), HasSubstr("dynamic programming"));
  EXPECT_EQ(a.method(), "knapsack-dp");
  EXPECT_DOUBLE_EQ(a.cost_unit(), 1);
  for (const v1::FundedStep& f : a.funded()) {
    EXPECT_EQ(f.person_name(), f.person_id()) << "the fixture names people by their ids";
    EXPECT_EQ(f.resource_title(), "Kurs " + f.resource_id());
  }
  req.set_budget(5000);
  grpc::ClientContext ctx2;
  ASSERT_TRUE(plans_->GetTrainingDemand(&ctx2, req, &d).ok());
  EXPECT_DOUBLE_EQ(d.allocation().spent(), 5000);
  EXPECT_DOUBLE_EQ(d.allocation().closed_weighted_gap(), 1.5);
  req.set_budget(-1);
  grpc::ClientContext ctx3;
  EXPECT_EQ(plans_->GetTrainingDemand(&ctx3, req, &d).error_code(), grpc::INVALID_ARGUMENT);
}

// Issue #10, the demo's E1062 through the API with real tokens: the manager
// rated the learner 0; the learner marks a step done; the gap still shows
// the manager's 0 (a SELF claim is no validated level) until the manager
// confirms it, and nobody confirms their own step.
TEST_F(PlanServiceTest, TheLearnersDoneAwaitsTheManagersConfirmation) {
  {
    v1::Person p = testing::Person("sjef", "Sjef", "k");
    p.add_manages_unit_ids("k");
    ASSERT_TRUE(Upsert(p).ok());
  }
  auto learner = v1::PlanService::NewStub(
      testing::ChannelWithGrant(*server_, core::Grant::kEmployee, "p1"));
  auto manager_channel = testing::ChannelWithGrant(*server_, core::Grant::kManager, "sjef");
  auto manager = v1::PlanService::NewStub(manager_channel);
  {
    const v1::Assessment a = testing::Assessment("p1", "pv.gdpr", 0, v1::MANAGER, kNow - kDay);
    grpc::ClientContext ctx;
    v1::Assessment out;
    ASSERT_TRUE(v1::AssessmentService::NewStub(manager_channel)->RecordAssessment(&ctx, a, &out).ok());
  }
  v1::LearningPlan plan, out;
  ASSERT_TRUE(Generate("p1", true, &plan).ok());
  ASSERT_TRUE(SetStatus(plan.id(), v1::PROPOSED, &out).ok());
  ASSERT_TRUE(SetStatus(plan.id(), v1::APPROVED, &out).ok());
  auto step = [&](v1::PlanService::Stub& who, int seq) {
    v1::UpdateStepRequest req;
    req.set_plan_id(plan.id());
    req.set_seq(seq);
    req.set_status(v1::DONE);
    grpc::ClientContext ctx;
    return who.UpdateStep(&ctx, req, &out);
  };
  auto confirm = [&](v1::PlanService::Stub& who, int seq, bool accept, const std::string& comment) {
    v1::ConfirmStepRequest req;
    req.set_plan_id(plan.id());
    req.set_seq(seq);
    req.set_accept(accept);
    req.set_comment(comment);
    grpc::ClientContext ctx;
    return who.ConfirmStep(&ctx, req, &out);
  };
  auto pending = [&](v1::PlanService::Stub& who, v1::ListPendingConfirmationsResponse* resp) {
    v1::ListPendingConfirmationsRequest req;
    req.set_org_unit_id("k");
    grpc::ClientContext ctx;
    return who.ListPendingConfirmations(&ctx, req, resp);
  };

  ASSERT_TRUE(step(*learner, 1).ok());
  EXPECT_EQ(out.steps(0).status(), v1::AWAITING_CONFIRMATION);
  EXPECT_EQ(out.steps(0).claimed_at().seconds(), kNow);
  v1::PersonGap g = Gap("p1");
  EXPECT_EQ(g.gaps(0).current_level(), 0) << "the manager's rating still stands";
  EXPECT_EQ(g.gaps(0).current_source(), v1::MANAGER);
  EXPECT_EQ(g.gaps(0).self_level(), 1) << "the learner's claim";

  EXPECT_EQ(confirm(*learner, 1, true, "").error_code(), grpc::PERMISSION_DENIED) << "their own step";
  v1::ListPendingConfirmationsResponse waiting;
  EXPECT_EQ(pending(*learner, &waiting).error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(pending(*manager, &waiting).ok());
  ASSERT_EQ(waiting.pending_size(), 1);
  EXPECT_EQ(waiting.pending(0).person_id(), "p1");
  EXPECT_EQ(waiting.pending(0).plan_id(), plan.id());
  EXPECT_EQ(waiting.pending(0).step().seq(), 1);

  ASSERT_TRUE(confirm(*manager, 1, true, "").ok());
  EXPECT_EQ(out.steps(0).status(), v1::DONE);
  g = Gap("p1");
  EXPECT_EQ(g.gaps(0).current_level(), 1);
  EXPECT_EQ(g.gaps(0).current_source(), v1::EVIDENCE);
  {
    v1::ListAssessmentsRequest req;
    req.set_person_id("p1");
    v1::ListAssessmentsResponse list;
    grpc::ClientContext ctx;
    ASSERT_TRUE(v1::AssessmentService::NewStub(manager_channel)->ListAssessments(&ctx, req, &list).ok());
    EXPECT_EQ(list.assessments().rbegin()->source(), v1::EVIDENCE);
    EXPECT_EQ(list.assessments().rbegin()->assessor_id(), "sjef");
    EXPECT_THAT(list.assessments().rbegin()->evidence_uri(), HasSubstr(plan.id()));
  }
  ASSERT_TRUE(pending(*manager, &waiting).ok());
  EXPECT_EQ(waiting.pending_size(), 0);

  // Step 2 sent back: STARTED again, with the reason.
  ASSERT_TRUE(step(*learner, 2).ok());
  EXPECT_EQ(confirm(*manager, 2, false, "").error_code(), grpc::INVALID_ARGUMENT);
  ASSERT_TRUE(confirm(*manager, 2, false, "Kurset er ikke holdt ennå").ok());
  EXPECT_EQ(out.steps(1).status(), v1::STARTED);
  EXPECT_EQ(out.steps(1).comment(), "Kurset er ikke holdt ennå");
  EXPECT_EQ(out.status(), v1::IN_PROGRESS);
  EXPECT_EQ(Gap("p1").gaps(0).current_level(), 1);
}

TEST_F(PlanServiceTest, BadRequestsNameTheField) {
  v1::LearningPlan plan;
  grpc::Status s = Generate("p1", false, &plan, -1);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("options.weekly_hours"));
  s = Generate("ghost", false, &plan);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  v1::GetRequest req;
  req.set_id("ghost");
  grpc::ClientContext ctx;
  EXPECT_EQ(plans_->GetPlan(&ctx, req, &plan).error_code(), grpc::NOT_FOUND);
  v1::LearningPlan out;
  EXPECT_EQ(SetStatus("ghost", v1::PROPOSED, &out).error_code(), grpc::NOT_FOUND);
}

// Issue #10 item 5: training demand computed past the call's deadline
// reaches nobody; it stops and the metrics say DEADLINE_EXCEEDED, not OK.
TEST_F(PlanServiceTest, TrainingDemandPastItsDeadlineCountsAsDeadlineExceeded) {
  // Every read connection busy (a slow disk): the call waits for one until
  // after its deadline.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::thread> readers;
  std::vector<std::promise<void>> holding(8);
  for (std::promise<void>& held : holding) {
    readers.emplace_back([&, released] {
      (void)server_->ReadsForTest().With([&](core::Repositories&) {
        held.set_value();
        released.wait();
        return absl::OkStatus();
      });
    });
  }
  for (std::promise<void>& held : holding) held.get_future().wait();

  const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(300);
  std::thread caller([&] {
    grpc::ClientContext ctx;
    ctx.set_deadline(deadline);
    v1::GetTrainingDemandRequest req;
    v1::TrainingDemand out;
    EXPECT_EQ(plans_->GetTrainingDemand(&ctx, req, &out).error_code(), grpc::DEADLINE_EXCEEDED);
  });
  caller.join();
  std::this_thread::sleep_until(deadline + std::chrono::milliseconds(200));
  release.set_value();
  for (std::thread& t : readers) t.join();

  auto count = [&](const std::string& code) {
    return CallsWithCode("skillpath.v1.PlanService/GetTrainingDemand", code);
  };
  while (count("OK") + count("DEADLINE_EXCEEDED") + count("CANCELLED") == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(count("DEADLINE_EXCEEDED"), 1u);
  EXPECT_EQ(count("OK"), 0u);
}

}  // namespace
}  // namespace skillpath::services
