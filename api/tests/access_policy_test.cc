// Who may call what, tested against a running server (issue #5):
// - every method of every service in proto/ (found through the descriptor
//   pool, so a new method cannot be missed) has a rule and is called with no
//   token, bad, expired and revoked tokens and each grant, against the
//   allow/deny table written out below;
// - scope: managers inside and outside their subtree, an employee reading a
//   colleague, AGGREGATE asking for a team matrix;
// - the audit log: reads by others and writes recorded, own reads not;
// - tokens through AuthService.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <set>

#include "core/access/access.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/proto_services.h"
#include "testing/test_server.h"

namespace skillpath::services {
namespace {

using core::Grant;

using testing::AllMethods;

std::string FullName(const google::protobuf::MethodDescriptor* m) {
  return m->service()->full_name() + "/" + m->name();
}

// Who may call each method with an empty request: E(mployee), M(anager),
// H(R), A(dmin), a(G)gregate. Methods about one person or unit admit E and M
// only for their own person or units, which an empty request is not; the
// scope tests below cover those. Written out by hand, not read from the
// policy, so a change to either shows up here.
const std::map<std::string, std::string>& Expected() {
  static const std::map<std::string, std::string> table = {
      {"FrameworkService/UpsertFramework", "A"},  {"FrameworkService/GetFramework", "EMHAG"},
      {"FrameworkService/ListFrameworks", "EMHAG"}, {"FrameworkService/ImportFramework", "A"},
      {"FrameworkService/ExportFramework", "EMHAG"}, {"FrameworkService/ListAvailableFrameworks", "EMHAG"},
      {"FrameworkService/InstallFramework", "A"}, {"OrgService/UpsertOrgUnit", "A"},
      {"OrgService/ListOrgUnits", "EMHAG"},       {"OrgService/UpsertRole", "HA"},
      {"OrgService/GetRole", "EMHAG"},            {"OrgService/ListRoles", "EMHAG"},
      {"OrgService/UpsertPerson", "A"},           {"OrgService/GetPerson", "HA"},
      {"OrgService/ListPeople", "HA"},            {"OrgService/AssignRole", "A"},
      {"OrgService/UnassignRole", "A"},           {"OrgService/ImportOrgUnits", "HA"},
      {"OrgService/ImportPeople", "HA"},          {"OrgService/UpsertPositionRule", "A"},
      {"OrgService/ListPositionRules", "HA"},     {"OrgService/DeletePositionRule", "A"},
      {"OrgService/GetWorkCalendar", "EMHAG"},    {"OrgService/SetWorkCalendar", "HA"},
      {"OrgService/SetNotificationSettings", "A"},
      {"AssessmentService/RecordAssessment", "HA"},
      {"AssessmentService/ListAssessments", "HA"}, {"AssessmentService/ImportAssessments", "HA"},
      {"CatalogService/UpsertResource", "HA"},    {"CatalogService/GetResource", "EMHAG"},
      {"CatalogService/ListResources", "EMHAG"},  {"CatalogService/DeleteResource", "HA"},
      {"CatalogService/ImportResources", "HA"},
      {"GapService/GetPersonGap", "HA"},          {"GapService/GetTeamGap", "HAG"},
      {"GapService/GetOrgSummary", "HAG"},        {"PlanService/GeneratePlan", "H"},
      {"PlanService/GetPlan", "H"},               {"PlanService/ListPlans", "H"},
      {"PlanService/SetPlanStatus", "H"},         {"PlanService/UpdateStep", "H"},
      {"PlanService/GetTrainingDemand", "H"},     {"PlanService/ConfirmStep", "H"},
      {"PlanService/ListPendingConfirmations", "H"},     {"PlanService/GetPlanCalendar", "H"},
      {"PlanService/RegeneratePlan", "H"},        {"PlanService/GetOutOfDatePlanCount", "H"},
      {"PlanService/AddPlanComment", "H"},        {"PlanService/GetInbox", "H"},
      {"PlanService/CreateCalendarFeed", "A"},    {"PlanService/RevokeCalendarFeed", "A"},
      // Always about the caller's own person: any token of a person reads it.
      {"PlanService/GetCalendarFeed", "EM"},     {"AuthService/CreateToken", "A"},
      {"AuthService/RevokeToken", "A"},           {"AuthService/WhoAmI", "EMHAG"},           {"AuthService/ListTokens", "A"},
      {"AuthService/ListAuditEvents", "A"},       {"PrivacyService/ExportPersonData", "A"},
      {"PrivacyService/ErasePerson", "A"},
      // Reports as files: the access of the call each makes.
      {"ReportService/ExportTeamGap", "HAG"},     {"ReportService/ExportOrgSummary", "HAG"},
      {"ReportService/ExportTrainingDemand", "H"},
      // No token needed: what anyone may know before signing in.
      {"AuthService/GetSignInSettings", "public"},
  };
  return table;
}

TEST(AccessPolicy, EveryMethodHasARuleAndEveryRuleAMethod) {
  std::set<std::string> methods;
  for (const auto* m : AllMethods()) methods.insert(FullName(m));
  EXPECT_EQ(methods.size(), Expected().size());
  for (const std::string& m : methods) {
    if (Expected().at(m.substr(std::string("skillpath.v1.").size())) == "public") {
      EXPECT_TRUE(core::IsPublicMethod(m)) << m;
      EXPECT_FALSE(core::Policy().count(m)) << m << " is public and has a rule";
    } else {
      EXPECT_TRUE(core::Policy().count(m)) << m << " has no access rule";
    }
  }
  for (const auto& [m, rule] : core::Policy()) {
    EXPECT_TRUE(methods.count(m)) << "rule for a method that does not exist: " << m;
    EXPECT_FALSE(rule.grants.empty()) << m;
  }
}

// A small organisation: unit "oslo" with "oslo.vest" below it and a
// sibling "bergen"; "leder" manages oslo, "ansatt" works in oslo.vest,
// "kollega" in oslo, "fjern" and "ekstra" in bergen (five in all: enough
// for figures without names).
class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::StartTestServer(tmp_.path());
    ASSERT_NE(server_, nullptr);
    auto admin = testing::ChannelTo(*server_);
    auto org = v1::OrgService::NewStub(admin);
    for (auto [id, parent] : std::vector<std::pair<std::string, std::string>>{
             {"oslo", ""}, {"oslo.vest", "oslo"}, {"bergen", ""}}) {
      grpc::ClientContext ctx;
      v1::OrgUnit u, out;
      u.set_id(id);
      u.set_name(id);
      u.set_parent_id(parent);
      ASSERT_TRUE(org->UpsertOrgUnit(&ctx, u, &out).ok());
    }
    UpsertPerson("leder", "oslo", "oslo");
    for (auto [id, unit] : std::vector<std::pair<std::string, std::string>>{
             {"ansatt", "oslo.vest"}, {"kollega", "oslo"}, {"fjern", "bergen"}, {"ekstra", "bergen"}}) {
      UpsertPerson(id, unit);
    }
    tokens_['E'] = testing::MintTestToken(*server_, Grant::kEmployee, "ansatt");
    tokens_['M'] = testing::MintTestToken(*server_, Grant::kManager, "leder");
    tokens_['H'] = testing::MintTestToken(*server_, Grant::kHr);
    tokens_['A'] = testing::MintTestToken(*server_, Grant::kAdmin);
    tokens_['G'] = testing::MintTestToken(*server_, Grant::kAggregate);
  }

  // Writes person `id` ("Person <id>") as ADMIN.
  void UpsertPerson(const std::string& id, const std::string& unit, const std::string& manages = "",
                    bool active = true) {
    grpc::ClientContext ctx;
    v1::Person p, out;
    p.set_id(id);
    p.set_name("Person " + id);
    p.set_org_unit_id(unit);
    p.set_active(active);
    if (!manages.empty()) p.add_manages_unit_ids(manages);
    ASSERT_TRUE(v1::OrgService::NewStub(testing::ChannelTo(*server_))->UpsertPerson(&ctx, p, &out).ok()) << id;
  }

  // The status of calling `method` with an empty request and `token`.
  grpc::Status CallEmpty(const google::protobuf::MethodDescriptor* method, const std::string& token) {
    auto channel = testing::ChannelAs(*server_, token);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (method->client_streaming() || method->server_streaming()) {
      // The streaming methods; a new one needs its own call here.
      if (FullName(method) == "skillpath.v1.OrgService/ImportOrgUnits" ||
          FullName(method) == "skillpath.v1.OrgService/ImportPeople") {
        v1::OrgImportResult result;
        auto stub = v1::OrgService::NewStub(channel);
        auto writer = method->name() == "ImportPeople" ? stub->ImportPeople(&ctx, &result)
                                                       : stub->ImportOrgUnits(&ctx, &result);
        v1::OrgImportChunk chunk;
        chunk.set_content("id,name\n");
        writer->Write(chunk);
        writer->WritesDone();
        return writer->Finish();
      }
      EXPECT_EQ(FullName(method), "skillpath.v1.AssessmentService/ImportAssessments")
          << "a new streaming method: teach this test to call it";
      v1::ImportSummary summary;
      auto writer = v1::AssessmentService::NewStub(channel)->ImportAssessments(&ctx, &summary);
      writer->WritesDone();
      return writer->Finish();
    }
    grpc::GenericStub stub(channel);
    grpc::Slice empty("");  // an empty message: every field at its default
    grpc::ByteBuffer request(&empty, 1), response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, "/" + FullName(method), grpc::StubOptions(), &request, &response,
                   [&done](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  std::vector<v1::AuditEvent> Audit(const std::string& subject) {
    EXPECT_TRUE(server_->AuditForTest().Flush().ok());
    auto auth = v1::AuthService::NewStub(testing::ChannelAs(*server_, tokens_['A']));
    grpc::ClientContext ctx;
    v1::ListAuditEventsRequest req;
    req.set_subject(subject);
    v1::ListAuditEventsResponse resp;
    EXPECT_TRUE(auth->ListAuditEvents(&ctx, req, &resp).ok());
    return {resp.events().begin(), resp.events().end()};
  }

  db::testing::TempDbPath tmp_;
  std::unique_ptr<Server> server_;
  std::map<char, std::string> tokens_;
};

TEST_F(AccessTest, EveryMethodAgainstTheTableWithEveryKindOfToken) {
  const core::Time now = SystemNow();
  const std::string expired = testing::MintTestToken(*server_, Grant::kAdmin, "", now + 1000);
  const std::string revoked = testing::MintTestToken(*server_, Grant::kAdmin);
  {
    auto auth = v1::AuthService::NewStub(testing::ChannelAs(*server_, tokens_['A']));
    grpc::ClientContext ctx;
    v1::RevokeTokenRequest req;
    req.set_id(revoked.substr(0, revoked.find('.')));
    v1::TokenInfo info;
    ASSERT_TRUE(auth->RevokeToken(&ctx, req, &info).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the expired token is past its time
  const std::string wrong_secret = tokens_['A'].substr(0, tokens_['A'].find('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const std::vector<std::pair<std::string, std::string>> invalid = {
      {"no token", ""},         {"malformed", "not-a-token"},     {"unknown id", "tok_0000000000000000.secret"},
      {"wrong secret", wrong_secret}, {"expired", expired},        {"revoked", revoked},
      // A JWT, while this server has no OpenID provider to check it with.
      {"JWT", "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJzdWIiOiJFMSJ9.c2lnbmF0dXJl"}};

  const auto methods = AllMethods();
  std::set<std::string> seen;
  for (const auto* m : methods) {
    const std::string name = FullName(m);
    const std::string short_name = name.substr(std::string("skillpath.v1.").size());
    seen.insert(short_name);
    auto expected = Expected().find(short_name);
    ASSERT_NE(expected, Expected().end()) << name << " is missing from the expected table";
    if (expected->second == "public") {
      for (const auto& [what, token] : invalid) EXPECT_TRUE(CallEmpty(m, token).ok()) << name << " with " << what;
      continue;
    }
    for (const auto& [what, token] : invalid) {
      EXPECT_EQ(CallEmpty(m, token).error_code(), grpc::UNAUTHENTICATED) << name << " with " << what;
    }
    for (const auto& [grant, token] : tokens_) {
      const grpc::Status s = CallEmpty(m, token);
      const bool allowed = s.error_code() != grpc::PERMISSION_DENIED && s.error_code() != grpc::UNAUTHENTICATED;
      EXPECT_EQ(allowed, expected->second.find(grant) != std::string::npos)
          << name << " as " << grant << ": " << s.error_code() << " " << s.error_message();
    }
  }
  EXPECT_EQ(seen.size(), Expected().size()) << "the table lists a method that does not exist";
}

TEST_F(AccessTest, HealthAndReflectionNeedNoToken) {
  auto channel = testing::ChannelAs(*server_, "");
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(s); });
  EXPECT_TRUE(done.get_future().get().ok());
}

grpc::Status PersonGap(const std::shared_ptr<grpc::Channel>& channel, const std::string& person) {
  grpc::ClientContext ctx;
  v1::GetPersonGapRequest req;
  req.set_person_id(person);
  v1::PersonGap gap;
  return v1::GapService::NewStub(channel)->GetPersonGap(&ctx, req, &gap);
}

TEST_F(AccessTest, AManagerSeesTheSubtreeOnlyAndCannotTellWhoExistsOutside) {
  auto leder = testing::ChannelAs(*server_, tokens_['M']);
  EXPECT_TRUE(PersonGap(leder, "kollega").ok()) << "in the managed unit";
  EXPECT_TRUE(PersonGap(leder, "ansatt").ok()) << "in a unit below it";
  EXPECT_TRUE(PersonGap(leder, "leder").ok()) << "themselves";
  const grpc::Status outside = PersonGap(leder, "fjern");
  const grpc::Status nobody = PersonGap(leder, "finnes-ikke");
  EXPECT_EQ(outside.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(nobody.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(outside.error_message(), nobody.error_message()) << "nothing tells a stranger from no one";

  auto gaps = v1::GapService::NewStub(leder);
  for (auto [unit, ok] : std::vector<std::pair<std::string, bool>>{{"oslo", true}, {"oslo.vest", true}, {"bergen", false}}) {
    grpc::ClientContext ctx;
    v1::GetTeamGapRequest req;
    req.set_org_unit_id(unit);
    v1::TeamGap team;
    EXPECT_EQ(gaps->GetTeamGap(&ctx, req, &team).ok(), ok) << unit;
  }
  auto org = v1::OrgService::NewStub(leder);
  grpc::ClientContext ctx;
  v1::ListPeopleRequest req;
  req.set_org_unit_id("bergen");
  v1::ListPeopleResponse people;
  EXPECT_EQ(org->ListPeople(&ctx, req, &people).error_code(), grpc::PERMISSION_DENIED);
}

TEST_F(AccessTest, AnEmployeeSeesThemselvesOnlyAndRatesThemselvesOnly) {
  auto ansatt = testing::ChannelAs(*server_, tokens_['E']);
  EXPECT_TRUE(PersonGap(ansatt, "ansatt").ok());
  EXPECT_EQ(PersonGap(ansatt, "kollega").error_code(), grpc::PERMISSION_DENIED);
  auto assessments = v1::AssessmentService::NewStub(ansatt);
  for (auto [person, source] : std::vector<std::pair<std::string, v1::AssessmentSource>>{
           {"ansatt", v1::MANAGER}, {"ansatt", v1::EVIDENCE}, {"kollega", v1::SELF}}) {
    grpc::ClientContext ctx;
    v1::Assessment a, out;
    a.set_person_id(person);
    a.set_competence_id("x.y");
    a.set_level(1);
    a.set_source(source);
    EXPECT_EQ(assessments->RecordAssessment(&ctx, a, &out).error_code(), grpc::PERMISSION_DENIED)
        << person << " " << v1::AssessmentSource_Name(source);
  }
  // Their own SELF rating passes access (and then fails validation: there
  // is no competence x.y), with the assessor filled in as themselves.
  grpc::ClientContext ctx;
  v1::Assessment a, out;
  a.set_person_id("ansatt");
  a.set_competence_id("x.y");
  a.set_level(1);
  a.set_source(v1::SELF);
  EXPECT_EQ(assessments->RecordAssessment(&ctx, a, &out).error_code(), grpc::INVALID_ARGUMENT);
  grpc::ClientContext ctx2;
  a.set_assessor_id("kollega");
  EXPECT_EQ(assessments->RecordAssessment(&ctx2, a, &out).error_code(), grpc::PERMISSION_DENIED)
      << "signing as someone else";
}

TEST_F(AccessTest, AggregateGetsTeamCoverageWithoutAnyPersonsRow) {
  auto hr = v1::GapService::NewStub(testing::ChannelAs(*server_, tokens_['H']));
  auto g = v1::GapService::NewStub(testing::ChannelAs(*server_, tokens_['G']));
  v1::GetTeamGapRequest req;
  req.set_org_unit_id("oslo");
  // Three people: too few for figures without names.
  {
    grpc::ClientContext c;
    v1::TeamGap small;
    const grpc::Status s = g->GetTeamGap(&c, req, &small);
    EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
    EXPECT_NE(s.error_message().find("fewer than 5"), std::string::npos) << s.error_message();
    grpc::ClientContext c2;
    v1::GetOrgSummaryRequest org;
    org.set_org_unit_id("oslo");
    v1::OrgSummary summary;
    EXPECT_EQ(g->GetOrgSummary(&c2, org, &summary).error_code(), grpc::PERMISSION_DENIED);
  }
  for (const char* id : {"nr4", "nr5"}) UpsertPerson(id, "oslo");
  v1::TeamGap full, aggregate;
  grpc::ClientContext c1, c2;
  ASSERT_TRUE(hr->GetTeamGap(&c1, req, &full).ok());
  ASSERT_TRUE(g->GetTeamGap(&c2, req, &aggregate).ok());
  EXPECT_EQ(full.rows_size(), 5);
  EXPECT_EQ(aggregate.rows_size(), 0);
  EXPECT_EQ(aggregate.coverage_size(), full.coverage_size());
  std::string bytes;
  aggregate.SerializeToString(&bytes);
  for (const char* who : {"ansatt", "kollega", "leder", "nr4", "Person"}) {
    EXPECT_EQ(bytes.find(who), std::string::npos) << who << " appears in the aggregate answer";
  }
  EXPECT_EQ(PersonGap(testing::ChannelAs(*server_, tokens_['G']), "ansatt").error_code(), grpc::PERMISSION_DENIED);

  // The organisation summary leaves out units too small (oslo.vest: one
  // person) and keeps the others.
  grpc::ClientContext c3, c4;
  v1::GetOrgSummaryRequest whole;
  v1::OrgSummary for_hr, for_union;
  whole.set_org_unit_id("oslo");
  ASSERT_TRUE(hr->GetOrgSummary(&c3, whole, &for_hr).ok());
  ASSERT_TRUE(g->GetOrgSummary(&c4, whole, &for_union).ok());
  EXPECT_EQ(for_hr.units_size(), 1) << "oslo.vest";
  EXPECT_EQ(for_union.units_size(), 0);
  EXPECT_EQ(for_union.total().people(), 5);
}

TEST_F(AccessTest, ReadsByOthersAndEveryWriteAreAuditedOwnReadsAreNot) {
  // The fixture's writes are recorded with the person they changed.
  const auto upserts = Audit("ansatt");
  ASSERT_EQ(upserts.size(), 1u);
  EXPECT_EQ(upserts[0].method(), "skillpath.v1.OrgService/UpsertPerson");
  EXPECT_EQ(upserts[0].outcome(), "OK");

  EXPECT_TRUE(PersonGap(testing::ChannelAs(*server_, tokens_['E']), "ansatt").ok());
  EXPECT_EQ(Audit("ansatt").size(), 1u) << "their own read is not recorded";
  EXPECT_TRUE(PersonGap(testing::ChannelAs(*server_, tokens_['M']), "ansatt").ok());
  EXPECT_EQ(PersonGap(testing::ChannelAs(*server_, tokens_['E']), "kollega").error_code(), grpc::PERMISSION_DENIED);
  auto events = Audit("ansatt");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].method(), "skillpath.v1.GapService/GetPersonGap");
  EXPECT_EQ(events[1].actor_person(), "leder");
  EXPECT_EQ(events[1].actor_token(), tokens_['M'].substr(0, tokens_['M'].find('.')));
  EXPECT_EQ(events[1].outcome(), "OK");
  EXPECT_GT(events[1].at().seconds(), 0);
  auto refused = Audit("kollega");
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[1].actor_person(), "ansatt");
  EXPECT_EQ(refused[1].outcome().rfind("PERMISSION_DENIED", 0), 0u) << refused[1].outcome();

  // A team view records a read of every person shown.
  grpc::ClientContext ctx;
  v1::GetTeamGapRequest team_req;
  team_req.set_org_unit_id("oslo.vest");
  v1::TeamGap team;
  ASSERT_TRUE(
      v1::GapService::NewStub(testing::ChannelAs(*server_, tokens_['M']))->GetTeamGap(&ctx, team_req, &team).ok());
  EXPECT_EQ(Audit("ansatt").size(), 3u);

  // Filters: by actor.
  auto admin = v1::AuthService::NewStub(testing::ChannelAs(*server_, tokens_['A']));
  grpc::ClientContext c2;
  v1::ListAuditEventsRequest by_actor;
  by_actor.set_actor_person("leder");
  v1::ListAuditEventsResponse led;
  ASSERT_TRUE(admin->ListAuditEvents(&c2, by_actor, &led).ok());
  EXPECT_EQ(led.events_size(), 2) << "the person read and the team read";
}

TEST_F(AccessTest, TokensFromAuthServiceWorkAtOnceAndStopWhenRevoked) {
  auto auth = v1::AuthService::NewStub(testing::ChannelAs(*server_, tokens_['A']));
  grpc::ClientContext c1;
  v1::CreateTokenRequest req;
  req.set_grant(v1::GRANT_EMPLOYEE);
  req.set_person_id("kollega");
  v1::CreateTokenResponse made;
  ASSERT_TRUE(auth->CreateToken(&c1, req, &made).ok());
  EXPECT_TRUE(PersonGap(testing::ChannelAs(*server_, made.token()), "kollega").ok());

  grpc::ClientContext c2;
  v1::ListTokensResponse list;
  ASSERT_TRUE(auth->ListTokens(&c2, {}, &list).ok());
  std::string bytes;
  list.SerializeToString(&bytes);
  EXPECT_EQ(bytes.find(made.token().substr(made.token().find('.') + 1)), std::string::npos) << "a secret is listed";

  grpc::ClientContext c3;
  v1::RevokeTokenRequest revoke;
  revoke.set_id(made.info().id());
  v1::TokenInfo info;
  ASSERT_TRUE(auth->RevokeToken(&c3, revoke, &info).ok());
  EXPECT_TRUE(info.has_revoked_at());
  EXPECT_EQ(PersonGap(testing::ChannelAs(*server_, made.token()), "kollega").error_code(), grpc::UNAUTHENTICATED);

  grpc::ClientContext c4;
  req.set_grant(v1::GRANT_MANAGER);
  req.clear_person_id();
  EXPECT_EQ(auth->CreateToken(&c4, req, &made).error_code(), grpc::INVALID_ARGUMENT) << "a manager needs a person";
}

TEST_F(AccessTest, ChangesToThePersonReachTheirTokensAtOnce) {
  auto leder = testing::ChannelAs(*server_, tokens_['M']);
  ASSERT_TRUE(PersonGap(leder, "kollega").ok());
  ASSERT_TRUE(PersonGap(testing::ChannelAs(*server_, tokens_['E']), "ansatt").ok());
  // The manager moves to bergen; the employee leaves (inactive).
  UpsertPerson("leder", "bergen", "bergen");
  UpsertPerson("ansatt", "oslo.vest", "", false);
  EXPECT_EQ(PersonGap(leder, "kollega").error_code(), grpc::PERMISSION_DENIED) << "no longer their unit";
  EXPECT_TRUE(PersonGap(leder, "fjern").ok()) << "their new unit";
  const grpc::Status gone = PersonGap(testing::ChannelAs(*server_, tokens_['E']), "ansatt");
  EXPECT_EQ(gone.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_NE(gone.error_message().find("not active"), std::string::npos) << gone.error_message();
}

TEST_F(AccessTest, NoOneApprovesTheirOwnPlanAndOnlyTheirManagerOrHrDoes) {
  // A plan for "ansatt" saved by HR (an empty catalogue makes an empty plan).
  grpc::ClientContext c1;
  v1::GeneratePlanRequest gen;
  gen.set_person_id("ansatt");
  gen.set_save(true);
  v1::LearningPlan plan;
  ASSERT_TRUE(v1::PlanService::NewStub(testing::ChannelAs(*server_, tokens_['H']))->GeneratePlan(&c1, gen, &plan).ok());
  auto set = [&](char who, v1::PlanStatus status) {
    grpc::ClientContext ctx;
    v1::SetPlanStatusRequest req;
    req.set_plan_id(plan.id());
    req.set_status(status);
    v1::LearningPlan out;
    return v1::PlanService::NewStub(testing::ChannelAs(*server_, tokens_[who]))->SetPlanStatus(&ctx, req, &out);
  };
  EXPECT_TRUE(set('E', v1::PROPOSED).ok());
  EXPECT_EQ(set('E', v1::APPROVED).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_TRUE(set('M', v1::APPROVED).ok());

  // Someone else's plan is out of reach, like a plan that does not exist.
  const std::string other = testing::MintTestToken(*server_, Grant::kEmployee, "kollega");
  grpc::ClientContext c2, c3;
  v1::GetRequest get;
  get.set_id(plan.id());
  v1::LearningPlan out;
  auto plans = v1::PlanService::NewStub(testing::ChannelAs(*server_, other));
  const grpc::Status theirs = plans->GetPlan(&c2, get, &out);
  get.set_id("no-such-plan");
  const grpc::Status none = plans->GetPlan(&c3, get, &out);
  EXPECT_EQ(theirs.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(none.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(theirs.error_message(), none.error_message());
}

}  // namespace
}  // namespace skillpath::services
