// The API over gRPC on loopback: a real Server on port 0 with a temporary
// database, called through the generated stubs. Every validation rule answers
// INVALID_ARGUMENT naming the field and writes nothing; unknown ids on reads
// are NOT_FOUND; upserts are idempotent; the import stream reports each
// rejected row.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "api/services.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

// The small organisation with a second competence (pv.dpia) and "it" below
// a root unit.
class ApiTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    testing::Organisation org = testing::SmallOrg();
    v1::Competence* c = org.frameworks[0].mutable_areas(0)->add_competences();
    c->set_id("pv.dpia");
    c->set_name("DPIA");
    org.units = {Unit("root", "", "Kommune"), Unit("it", "root", "IT")};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
  }

  static v1::OrgUnit Unit(const std::string& id, const std::string& parent, const std::string& name) {
    return testing::Unit(id, name, parent);
  }
  static v1::Person Person(const std::string& id, const std::string& name, const std::string& unit) {
    return testing::Person(id, name, unit, {"ansatt"});
  }
  static v1::Assessment Assessment(const std::string& person, const std::string& competence, int level) {
    return testing::Assessment(person, competence, level);
  }
  static v1::LearningResource Resource(const std::string& id) {
    return testing::Resource(id, "Kurs " + id, 2, /*reaches_level=*/2);
  }

  int CountUnits() {
    return testing::Call(&v1::OrgService::Stub::ListOrgUnits, org_.get(), {}).org_units_size();
  }
  int CountRoles() { return testing::Call(&v1::OrgService::Stub::ListRoles, org_.get(), {}).roles_size(); }
  int CountPeople() { return testing::Call(&v1::OrgService::Stub::ListPeople, org_.get(), {}).people_size(); }
  int CountResources() {
    return testing::Call(&v1::CatalogService::Stub::ListResources, catalog_.get(), {}).resources_size();
  }
};

TEST_F(ApiTest, NamesAndIdsAreChecked) {
  EXPECT_INVALID(Upsert(Unit("a b", "", "X")), "id: 'a b' has a character outside [A-Za-z0-9._:-]");
  EXPECT_INVALID(Upsert(Unit(std::string(129, 'x'), "", "X")), "id: longer than 128 characters");
  EXPECT_INVALID(Upsert(Unit("x", "", "")), "name: must not be empty");
  EXPECT_INVALID(Upsert(Unit("x", "", std::string(201, 'n'))), "name: longer than 200");
  EXPECT_EQ(CountUnits(), 2) << "nothing of a refused write is stored";
}

TEST_F(ApiTest, UnknownReferencesAreRefused) {
  EXPECT_INVALID(Upsert(Unit("x", "ghost", "X")), "parent_id: unknown org unit 'ghost'");
  EXPECT_INVALID(Upsert(Person("E2", "Ola", "ghost")), "org_unit_id: unknown org unit 'ghost'");
  v1::Person p = Person("E2", "Ola", "it");
  p.add_role_ids("ghost");
  EXPECT_INVALID(Upsert(p), "role_ids[1]: unknown role 'ghost'");
  EXPECT_INVALID(Record(Assessment("ghost", "pv.gdpr", 1)), "person_id: unknown person 'ghost'");
  EXPECT_INVALID(Record(Assessment("E1", "ghost", 1)), "competence_id: unknown competence 'ghost'");
  v1::Role role;
  role.set_id("r");
  role.set_name("R");
  role.add_inherits_role_ids("ghost");
  EXPECT_INVALID(Upsert(role), "inherits_role_ids[0]: unknown role 'ghost'");
  v1::LearningResource r = Resource("r1");
  r.add_prerequisite_ids("ghost");
  EXPECT_INVALID(Upsert(r), "prerequisite_ids[0]: unknown resource 'ghost'");
  EXPECT_EQ(CountPeople(), 1);
  EXPECT_EQ(CountRoles(), 1);
  EXPECT_EQ(CountResources(), 0);
  EXPECT_EQ(CountAssessments("E1"), 0);
}

TEST_F(ApiTest, LevelsOutsideTheScaleAreRefused) {
  EXPECT_INVALID(Record(Assessment("E1", "pv.gdpr", 5)), "level: level 5 is outside the scale of competence 'pv.gdpr' (0..4)");
  EXPECT_INVALID(Record(Assessment("E1", "pv.gdpr", -1)), "level: must be 0..20");
  v1::Role role;
  role.set_id("r");
  role.set_name("R");
  auto* t = role.add_targets();
  t->set_competence_id("pv.gdpr");
  t->set_level(7);
  t->set_priority(v1::DESIRED);
  EXPECT_INVALID(Upsert(role), "targets[0].level: level 7 is outside the scale");
  v1::LearningResource r = Resource("r1");
  r.mutable_outcomes(0)->set_reaches_level(5);
  EXPECT_INVALID(Upsert(r), "outcomes[0].reaches_level: level 5 is outside");
  EXPECT_EQ(CountAssessments("E1"), 0);
}

TEST_F(ApiTest, CyclesInUnitsAndRolesAreRefused) {
  ASSERT_TRUE(Upsert(Unit("it.drift", "it", "Drift")).ok());
  EXPECT_INVALID(Upsert(Unit("root", "it.drift", "Kommune")), "would form a cycle: root -> it.drift -> it -> root");
  EXPECT_INVALID(Upsert(Unit("it", "it", "IT")), "parent_id: a unit cannot be its own parent");
  v1::Role leder;
  leder.set_id("leder");
  leder.set_name("Leder");
  leder.add_inherits_role_ids("ansatt");
  ASSERT_TRUE(Upsert(leder).ok());
  v1::Role ansatt;
  ansatt.set_id("ansatt");
  ansatt.set_name("Ansatt");
  ansatt.add_inherits_role_ids("leder");
  EXPECT_INVALID(Upsert(ansatt), "would form a cycle: ansatt -> leder -> ansatt");
  grpc::ClientContext ctx;
  v1::GetRequest req;
  req.set_id("ansatt");
  v1::Role stored;
  ASSERT_TRUE(org_->GetRole(&ctx, req, &stored).ok());
  EXPECT_EQ(stored.inherits_role_ids_size(), 0);
  EXPECT_EQ(stored.targets_size(), 1) << "the refused upsert left the role as it was";
}

TEST_F(ApiTest, ResourceOutcomesHoursAndCostAreChecked) {
  v1::LearningResource r = Resource("r1");
  r.mutable_outcomes(0)->set_min_level(2);
  r.mutable_outcomes(0)->set_reaches_level(2);
  EXPECT_INVALID(Upsert(r), "outcomes[0].reaches_level: must be above min_level 2");
  r = Resource("r1");
  r.set_hours(-1);
  EXPECT_INVALID(Upsert(r), "hours: must be between 0 and 10000");
  r = Resource("r1");
  r.set_cost(-100);
  EXPECT_INVALID(Upsert(r), "cost: must be between 0 and 1e+09");
  r = Resource("r1");
  r.set_mode(v1::LEARNING_MODE_UNSPECIFIED);
  EXPECT_INVALID(Upsert(r), "mode: must be ELEARNING");
  EXPECT_EQ(CountResources(), 0);
}

TEST_F(ApiTest, UnknownIdsOnReadsAreNotFound) {
  v1::GetRequest req;
  req.set_id("ghost");
  grpc::ClientContext c1, c2, c3, c4, c5, c6, c7;
  v1::Framework f;
  EXPECT_EQ(frameworks_->GetFramework(&c1, req, &f).error_code(), grpc::NOT_FOUND);
  v1::Role r;
  EXPECT_EQ(org_->GetRole(&c2, req, &r).error_code(), grpc::NOT_FOUND);
  v1::Person p;
  grpc::Status s = org_->GetPerson(&c3, req, &p);
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("person 'ghost' not found"));
  v1::LearningResource lr;
  EXPECT_EQ(catalog_->GetResource(&c4, req, &lr).error_code(), grpc::NOT_FOUND);
  v1::ListAssessmentsRequest lreq;
  lreq.set_person_id("ghost");
  v1::ListAssessmentsResponse lresp;
  EXPECT_EQ(assessments_->ListAssessments(&c5, lreq, &lresp).error_code(), grpc::NOT_FOUND);
  v1::ListPeopleRequest preq;
  preq.set_org_unit_id("ghost");
  v1::ListPeopleResponse presp;
  EXPECT_EQ(org_->ListPeople(&c6, preq, &presp).error_code(), grpc::NOT_FOUND);
  v1::DeleteResourceRequest dreq;
  dreq.set_id("ghost");
  v1::DeleteResourceResponse dresp;
  EXPECT_EQ(catalog_->DeleteResource(&c7, dreq, &dresp).error_code(), grpc::NOT_FOUND);
}

TEST_F(ApiTest, AnEmptyIdOnReadIsInvalidNotNotFound) {
  grpc::ClientContext ctx;
  v1::GetRequest req;
  v1::Person p;
  grpc::Status s = org_->GetPerson(&ctx, req, &p);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("id: must not be empty"));
}

TEST_F(ApiTest, UpsertsAreIdempotent) {
  v1::Person p = Person("E2", "Ola Nordmann", "it");
  ASSERT_TRUE(Upsert(p).ok());
  ASSERT_TRUE(Upsert(p).ok());
  EXPECT_EQ(CountPeople(), 2);
  ASSERT_TRUE(Upsert(Resource("r1")).ok());
  ASSERT_TRUE(Upsert(Resource("r1")).ok());
  EXPECT_EQ(CountResources(), 1);
  ASSERT_TRUE(Upsert(Unit("it", "root", "IT-avdelingen")).ok());
  EXPECT_EQ(CountUnits(), 2);
  p.set_name("Ola Normann");
  v1::Person stored;
  ASSERT_TRUE(Upsert(p, &stored).ok());
  EXPECT_EQ(stored.name(), "Ola Normann") << "an upsert replaces the record";
  EXPECT_TRUE(stored.active()) << "active defaults to true";
}

TEST(NewId, IsAVersion7UuidInCanonicalFormAndNeverRepeats) {
  // More ids than one draw of random bytes serves (4 KiB, 256 ids).
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NewId();
    ASSERT_EQ(id.size(), 36u);
    for (size_t k = 0; k < id.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        ASSERT_EQ(id[k], '-') << id;
      } else {
        ASSERT_TRUE(std::isxdigit(static_cast<unsigned char>(id[k])) && !std::isupper(id[k])) << id;
      }
    }
    EXPECT_EQ(id[14], '7') << id;
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << "variant 1: " << id;
    EXPECT_LE(previous.substr(0, 13), id.substr(0, 13)) << "time-ordered";
    EXPECT_TRUE(seen.insert(id).second) << id;
    previous = id;
  }
}

TEST_F(ApiTest, AnEmptyIdGetsAGeneratedUuid) {
  v1::OrgUnit stored;
  ASSERT_TRUE(Upsert(Unit("", "root", "Ny enhet"), &stored).ok());
  EXPECT_EQ(stored.id().size(), 36u);
  EXPECT_EQ(stored.id()[14], '7') << "a version 7 UUID";
  EXPECT_EQ(stored.id()[8], '-');
  v1::Assessment a, b;
  ASSERT_TRUE(Record(Assessment("E1", "pv.gdpr", 2), &a).ok());
  ASSERT_TRUE(Record(Assessment("E1", "pv.gdpr", 3), &b).ok());
  EXPECT_EQ(a.id().size(), 36u);
  EXPECT_NE(a.id(), b.id());
  EXPECT_LE(a.id().substr(0, 13), b.id().substr(0, 13)) << "time-ordered";
}

TEST_F(ApiTest, ListPeoplePagesThroughEveryone) {
  for (int i = 100; i < 350; ++i) ASSERT_TRUE(Upsert(Person("P" + std::to_string(i), "Person", "it")).ok());
  v1::ListPeopleRequest req;
  req.set_page_size(100);
  std::set<std::string> seen;
  int pages = 0;
  do {
    grpc::ClientContext ctx;
    v1::ListPeopleResponse resp;
    ASSERT_TRUE(org_->ListPeople(&ctx, req, &resp).ok());
    for (const auto& p : resp.people()) EXPECT_TRUE(seen.insert(p.id()).second) << p.id();
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(seen.size(), 251u);
  EXPECT_EQ(pages, 3);

  grpc::ClientContext c1, c2;
  v1::ListPeopleResponse resp;
  req.set_page_token("bogus");
  EXPECT_INVALID(org_->ListPeople(&c1, req, &resp), "page_token:");
  req.set_page_token("");
  req.set_page_size(20000);
  EXPECT_INVALID(org_->ListPeople(&c2, req, &resp), "page_size: at most 10000");
}

TEST_F(ApiTest, ImportAssessmentsStoresGoodRowsAndNamesEveryBadOne) {
  // More rows than one batch, with bad rows at known places.
  constexpr int kRows = 4500;
  std::set<int64_t> bad = {3, 2000, 2001, 4499};
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto stream = assessments_->ImportAssessments(&ctx, &summary);
  for (int i = 0; i < kRows; ++i) {
    v1::Assessment a = Assessment("E1", "pv.gdpr", i % 5);
    if (i == 3) a.set_person_id("ghost");
    if (i == 2000) a.set_level(9);
    if (i == 2001) a.set_source(v1::ASSESSMENT_SOURCE_UNSPECIFIED);
    if (i == 4499) a.set_competence_id("ghost");
    if (i % 5 == 4 && !bad.count(i)) a.set_level(4);
    ASSERT_TRUE(stream->Write(a));
  }
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_FALSE(summary.errors_truncated());
  EXPECT_EQ(summary.accepted(), kRows - 4);
  EXPECT_EQ(summary.rejected(), 4);
  ASSERT_EQ(summary.errors_size(), 4);
  std::vector<int64_t> indices;
  for (const auto& e : summary.errors()) indices.push_back(e.index());
  EXPECT_EQ(std::set<int64_t>(indices.begin(), indices.end()), bad);
  EXPECT_THAT(summary.errors(0).message(), HasSubstr("unknown person 'ghost'"));
  EXPECT_THAT(summary.errors(1).message(), HasSubstr("level 9 is outside"));
  EXPECT_EQ(CountAssessments("E1"), kRows - 4);
}

TEST_F(ApiTest, ImportListsAtMostTheCapOfErrorsAndSaysSo) {
  const int kBad = static_cast<int>(AssessmentImport::kMaxListedErrors) + 5;
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto stream = assessments_->ImportAssessments(&ctx, &summary);
  for (int i = 0; i < kBad; ++i) ASSERT_TRUE(stream->Write(Assessment("ghost", "pv.gdpr", 1)));
  ASSERT_TRUE(stream->Write(Assessment("E1", "pv.gdpr", 1)));
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(summary.accepted(), 1);
  EXPECT_EQ(summary.rejected(), kBad);
  EXPECT_EQ(summary.errors_size(), static_cast<int>(AssessmentImport::kMaxListedErrors));
  EXPECT_TRUE(summary.errors_truncated());
}

TEST_F(ApiTest, ListAssessmentsFiltersByCompetenceOldestFirst) {
  v1::Assessment a = Assessment("E1", "pv.gdpr", 1);
  *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(1767225600 + 100);
  ASSERT_TRUE(Record(a).ok());
  a.set_level(2);
  *a.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(1767225600);
  ASSERT_TRUE(Record(a).ok());
  ASSERT_TRUE(Record(Assessment("E1", "pv.dpia", 3)).ok());
  grpc::ClientContext ctx;
  v1::ListAssessmentsRequest req;
  req.set_person_id("E1");
  req.set_competence_id("pv.gdpr");
  v1::ListAssessmentsResponse resp;
  ASSERT_TRUE(assessments_->ListAssessments(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.assessments_size(), 2);
  EXPECT_EQ(resp.assessments(0).level(), 2);
  EXPECT_EQ(resp.assessments(1).level(), 1);
}

TEST_F(ApiTest, DeleteResourceRespectsPrerequisites) {
  ASSERT_TRUE(Upsert(Resource("grunn")).ok());
  v1::LearningResource videre = Resource("videre");
  videre.add_prerequisite_ids("grunn");
  ASSERT_TRUE(Upsert(videre).ok());
  grpc::ClientContext c1, c2;
  v1::DeleteResourceRequest req;
  req.set_id("grunn");
  v1::DeleteResourceResponse resp;
  grpc::Status s = catalog_->DeleteResource(&c1, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("prerequisite of videre"));
  req.set_id("videre");
  EXPECT_TRUE(catalog_->DeleteResource(&c2, req, &resp).ok());
  EXPECT_EQ(CountResources(), 1);
}

// A catalogue in one call (`skillpath resource import`): prerequisites may
// come after what needs them, everything is written or nothing, and the
// answer says what was created, changed and left as it was.
TEST_F(ApiTest, ImportResourcesWritesACatalogueAllOrNothing) {
  v1::ImportResourcesRequest req;
  v1::LearningResource advanced = Resource("avansert");
  advanced.add_prerequisite_ids("grunnkurs");  // listed after it
  *req.add_resources() = advanced;
  *req.add_resources() = Resource("grunnkurs");
  auto import = [&](const v1::ImportResourcesRequest& r, v1::ImportResourcesResponse* out) {
    grpc::ClientContext ctx;
    return catalog_->ImportResources(&ctx, r, out);
  };
  v1::ImportResourcesResponse resp;
  grpc::Status s = import(req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(resp.created_ids(), ::testing::ElementsAre("grunnkurs", "avansert"));
  EXPECT_EQ(CountResources(), 2);

  req.mutable_resources(1)->set_hours(5);
  resp.Clear();
  s = import(req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(resp.changed_ids(), ::testing::ElementsAre("grunnkurs"));
  EXPECT_THAT(resp.unchanged_ids(), ::testing::ElementsAre("avansert"));

  // One bad resource: named, and nothing of the others written.
  v1::ImportResourcesRequest bad = req;
  *bad.add_resources() = Resource("ny");
  v1::LearningResource broken = Resource("ødelagt");
  broken.set_hours(-1);
  *bad.add_resources() = broken;
  resp.Clear();
  s = import(bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("resources[3] ('ødelagt'): "));
  EXPECT_EQ(CountResources(), 2) << "'ny' is not written either";

  bad = req;
  *bad.add_resources() = Resource("grunnkurs");
  resp.Clear();
  s = import(bad, &resp);
  EXPECT_THAT(s.error_message(), HasSubstr("resources[2].id: 'grunnkurs' appears twice (also resources[1])"));
  EXPECT_EQ(import({}, &resp).error_code(), grpc::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace skillpath::services
