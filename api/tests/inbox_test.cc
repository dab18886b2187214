// A manager's daily work over gRPC on loopback (issue #15 item 1): the
// inbox lists the plans proposed, the steps awaiting confirmation, the
// people without a plan and the expired ratings of the manager's unit,
// never the manager's own, and each person named in it is an audited read;
// a plan sent back carries the manager's reason, which its person sees and
// answers; the ways in are refused to whoever is out of scope, writing
// nothing.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "core/model/auth.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1767225600;  // 2026-01-01
constexpr int64_t kDay = 86400;

// Unit "k" with p1, p2 and p3 as "leder" (Personvern, pv.gdpr, at 3), and
// "sjef" managing k (also a "leder", with a gap of her own); "annen" in
// unit "x". One course closes the gap.
class InboxTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer([] { return kNow * 1000000; }));
    testing::Organisation org = testing::SmallOrg();
    org.frameworks[0].mutable_areas(0)->mutable_competences(0)->set_name("Personvern");
    org.units = {testing::Unit("k", "Kommune"), testing::Unit("x", "Annen")};
    org.roles = {testing::Role("leder", "Enhetsleder", {{"pv.gdpr", 3}})};
    v1::Person sjef = testing::Person("sjef", "Sjef Sjefsen", "k", {"leder"});
    sjef.add_manages_unit_ids("k");
    org.people = {testing::Person("p1", "Per", "k", {"leder"}), testing::Person("p2", "Pia", "k", {"leder"}),
                  testing::Person("p3", "Pål", "k", {"leder"}), sjef, testing::Person("annen", "Annen", "x")};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
    ASSERT_TRUE(Upsert(testing::Resource("kurs", "Personvernkurs", 7, 3)).ok());
  }

  std::unique_ptr<v1::PlanService::Stub> As(core::Grant grant, const std::string& person) {
    return v1::PlanService::NewStub(testing::ChannelWithGrant(*server_, grant, person));
  }
  v1::LearningPlan Saved(v1::PlanService::Stub& who, const std::string& person) {
    v1::GeneratePlanRequest req;
    req.set_person_id(person);
    req.set_save(true);
    return testing::Call(&v1::PlanService::Stub::GeneratePlan, &who, req);
  }
  grpc::Status SetStatus(v1::PlanService::Stub& who, const std::string& id, v1::PlanStatus status,
                         const std::string& comment, v1::LearningPlan* out) {
    v1::SetPlanStatusRequest req;
    req.set_plan_id(id);
    req.set_status(status);
    req.set_comment(comment);
    grpc::ClientContext ctx;
    return who.SetPlanStatus(&ctx, req, out);
  }
  grpc::Status Inbox(v1::PlanService::Stub& who, const std::string& unit, v1::Inbox* out) {
    v1::GetInboxRequest req;
    req.set_org_unit_id(unit);
    grpc::ClientContext ctx;
    return who.GetInbox(&ctx, req, out);
  }
  grpc::Status Comment(v1::PlanService::Stub& who, const std::string& id, const std::string& text,
                       v1::LearningPlan* out) {
    v1::AddPlanCommentRequest req;
    req.set_plan_id(id);
    req.set_text(text);
    grpc::ClientContext ctx;
    return who.AddPlanComment(&ctx, req, out);
  }
  v1::LearningPlan Get(v1::PlanService::Stub& who, const std::string& id) {
    v1::GetRequest req;
    req.set_id(id);
    return testing::Call(&v1::PlanService::Stub::GetPlan, &who, req);
  }
  std::vector<v1::AuditEvent> Audit(const std::string& subject) {
    EXPECT_TRUE(server_->AuditForTest().Flush().ok());
    auto auth = v1::AuthService::NewStub(testing::ChannelWithGrant(*server_, core::Grant::kAdmin));
    v1::ListAuditEventsRequest req;
    req.set_subject(subject);
    return [&] {
      auto resp = testing::Call(&v1::AuthService::Stub::ListAuditEvents, auth.get(), req);
      return std::vector<v1::AuditEvent>(resp.events().begin(), resp.events().end());
    }();
  }
  static int Count(const std::vector<v1::AuditEvent>& events, const std::string& method) {
    int n = 0;
    for (const v1::AuditEvent& e : events) n += e.method() == method;
    return n;
  }
};

TEST_F(InboxTest, TheInboxListsWhatWaitsForTheManagerAndNothingOfHerOwn) {
  auto sjef = As(core::Grant::kManager, "sjef");
  auto p1 = As(core::Grant::kEmployee, "p1");
  auto p2 = As(core::Grant::kEmployee, "p2");
  // p1 proposes a plan; p2's plan is approved and p2 says its step is done;
  // p3 has no plan and a manager's rating that expired a month ago; the
  // manager has proposed a plan of her own.
  v1::LearningPlan proposed = Saved(*p1, "p1");
  v1::LearningPlan out;
  ASSERT_TRUE(SetStatus(*p1, proposed.id(), v1::PROPOSED, "", &out).ok());
  v1::LearningPlan running = Saved(*p2, "p2");
  ASSERT_TRUE(SetStatus(*p2, running.id(), v1::PROPOSED, "", &out).ok());
  ASSERT_TRUE(SetStatus(*sjef, running.id(), v1::APPROVED, "Bra plan.", &out).ok());
  {
    v1::UpdateStepRequest req;
    req.set_plan_id(running.id());
    req.set_seq(1);
    req.set_status(v1::DONE);
    testing::Call(&v1::PlanService::Stub::UpdateStep, p2.get(), req);
  }
  v1::Assessment lapsed = testing::Assessment("p3", "pv.gdpr", 2, v1::MANAGER, kNow - 400 * kDay);
  *lapsed.mutable_expires_at() = TimeUtil::SecondsToTimestamp(kNow - 30 * kDay);
  ASSERT_TRUE(Record(lapsed).ok());
  v1::LearningPlan own = Saved(*sjef, "sjef");
  ASSERT_TRUE(SetStatus(*sjef, own.id(), v1::PROPOSED, "", &out).ok());

  v1::Inbox inbox;
  ASSERT_TRUE(Inbox(*sjef, "k", &inbox).ok());
  ASSERT_EQ(inbox.proposed_size(), 1) << inbox.DebugString();
  EXPECT_EQ(inbox.proposed(0).plan_id(), proposed.id());
  EXPECT_EQ(inbox.proposed(0).person_name(), "Per");
  EXPECT_EQ(inbox.proposed(0).step_count(), 1);
  EXPECT_DOUBLE_EQ(inbox.proposed(0).total_hours(), 7);
  ASSERT_EQ(inbox.pending_size(), 1);
  EXPECT_EQ(inbox.pending(0).person_id(), "p2");
  EXPECT_EQ(inbox.pending(0).step().status(), v1::AWAITING_CONFIRMATION);
  ASSERT_EQ(inbox.without_plan_size(), 1) << "p1 and p2 have a plan; the manager is not in her own inbox";
  EXPECT_EQ(inbox.without_plan(0).person_id(), "p3");
  EXPECT_EQ(inbox.without_plan(0).required_unmet(), 1);
  EXPECT_EQ(inbox.without_plan(0).org_unit_id(), "k");
  ASSERT_EQ(inbox.expired_size(), 1);
  EXPECT_EQ(inbox.expired(0).person_id(), "p3");
  EXPECT_EQ(inbox.expired(0).competence_id(), "pv.gdpr");
  EXPECT_EQ(inbox.expired(0).level(), 2);
  EXPECT_EQ(inbox.expired(0).source(), v1::MANAGER);
  EXPECT_EQ(inbox.expired(0).expired_at().seconds(), kNow - 30 * kDay);

  // Each person named is an audited read by the manager; one not named is not.
  for (const char* person : {"p1", "p2", "p3"}) {
    EXPECT_EQ(Count(Audit(person), "skillpath.v1.PlanService/GetInbox"), 1) << person;
  }
  EXPECT_EQ(Count(Audit("annen"), "skillpath.v1.PlanService/GetInbox"), 0);

  // HR sees the same for everyone, the manager's own proposal included.
  auto hr = As(core::Grant::kHr, "");
  ASSERT_TRUE(Inbox(*hr, "", &inbox).ok());
  EXPECT_EQ(inbox.proposed_size(), 2);
  EXPECT_EQ(inbox.without_plan_size(), 1) << "p3; annen has no role, so nothing to plan";
}

TEST_F(InboxTest, TheInboxIsRefusedOutsideTheManagersUnitsAndToEmployees) {
  auto sjef = As(core::Grant::kManager, "sjef");
  v1::Inbox inbox;
  EXPECT_EQ(Inbox(*sjef, "x", &inbox).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Inbox(*sjef, "", &inbox).error_code(), grpc::StatusCode::PERMISSION_DENIED) << "everyone is HR's";
  EXPECT_EQ(Inbox(*As(core::Grant::kEmployee, "p1"), "k", &inbox).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Inbox(*As(core::Grant::kAggregate, ""), "k", &inbox).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto hr = As(core::Grant::kHr, "");
  const grpc::Status unknown = Inbox(*hr, "nowhere", &inbox);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(unknown.error_message(), HasSubstr("org unit 'nowhere' not found"));
}

TEST_F(InboxTest, APlanSentBackCarriesTheReasonItsPersonSeesAndAnswers) {
  auto sjef = As(core::Grant::kManager, "sjef");
  auto p1 = As(core::Grant::kEmployee, "p1");
  v1::LearningPlan plan = Saved(*p1, "p1");
  v1::LearningPlan out;
  ASSERT_TRUE(SetStatus(*p1, plan.id(), v1::PROPOSED, "", &out).ok());

  const grpc::Status silent = SetStatus(*sjef, plan.id(), v1::DRAFT, "", &out);
  EXPECT_EQ(silent.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(silent.error_message(), HasSubstr("comment: say why the plan is sent back"));
  EXPECT_EQ(Get(*p1, plan.id()).status(), v1::PROPOSED) << "nothing written";

  ASSERT_TRUE(SetStatus(*sjef, plan.id(), v1::DRAFT, "Ta heller kurset i mars.", &out).ok());
  EXPECT_EQ(out.status(), v1::DRAFT);
  v1::LearningPlan seen = Get(*p1, plan.id());
  ASSERT_EQ(seen.comments_size(), 1);
  EXPECT_EQ(seen.comments(0).text(), "Ta heller kurset i mars.");
  EXPECT_EQ(seen.comments(0).author_person_id(), "sjef");
  EXPECT_EQ(seen.comments(0).author_name(), "Sjef Sjefsen");
  EXPECT_EQ(seen.comments(0).status(), v1::DRAFT);
  EXPECT_EQ(seen.comments(0).at().seconds(), kNow);

  ASSERT_TRUE(Comment(*p1, plan.id(), "Ok, jeg endrer den.", &out).ok());
  EXPECT_EQ(out.comments_size(), 2);
  EXPECT_EQ(out.comments(1).status(), v1::PLAN_STATUS_UNSPECIFIED);
  // Someone else's employee may not comment, and writes nothing.
  const grpc::Status stranger = Comment(*As(core::Grant::kEmployee, "annen"), plan.id(), "Hei", &out);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(*p1, plan.id()).comments_size(), 2);
  const grpc::Status empty = Comment(*p1, plan.id(), "  ", &out);
  EXPECT_THAT(empty.error_message(), HasSubstr("text: must not be empty"));

  // What the manager said is hers in her data export; his plan carries it.
  v1::ExportPersonDataRequest req;
  req.set_person_id("sjef");
  auto admin = v1::PrivacyService::NewStub(testing::ChannelWithGrant(*server_, core::Grant::kAdmin));
  auto exported = testing::Call(&v1::PrivacyService::Stub::ExportPersonData, admin.get(), req);
  ASSERT_EQ(exported.data().plan_comments_given_size(), 1);
  EXPECT_EQ(exported.data().plan_comments_given(0).plan_id(), plan.id());
  EXPECT_EQ(exported.data().plan_comments_given(0).comment().text(), "Ta heller kurset i mars.");
}

}  // namespace
}  // namespace skillpath::services
