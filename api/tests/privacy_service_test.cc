// GDPR through the API (issue #5): ExportPersonData returns every row any
// table holds about the person; ErasePerson leaves their id nowhere, only
// the pseudonymous audit record; the person's token dies with them.
#include <gtest/gtest.h>

#include "testing/db/raw_sql.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

using core::Grant;

// Every row (as "table: text values") of every table that holds `value` in
// any column, on either backend.
std::vector<std::pair<std::string, std::vector<std::string>>> RowsHolding(const std::string& address,
                                                                         const std::string& value) {
  db::testing::RawSql db(address);
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const std::string& table : db.Tables()) {
    for (const db::testing::RawSql::Row& row : db.Rows("SELECT * FROM \"" + table + "\"")) {
      bool holds = false;
      std::vector<std::string> texts;
      for (const db::testing::RawSql::Cell& cell : row) {
        if (!cell.text || !cell.value) continue;
        holds |= *cell.value == value;
        if (!cell.value->empty()) texts.push_back(*cell.value);
      }
      if (holds) rows.push_back({table, texts});
    }
  }
  return rows;
}

::testing::AssertionResult Ok(const grpc::Status& s) {
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << s.error_code() << ": " << s.error_message();
}

// The small organisation's framework on a scale of 3, in unit "nav": Kari
// and her manager (leder), both "saksbehandler" (pv.gdpr at 3), and a
// course that takes them there.
class PrivacyTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    testing::Organisation org = testing::SmallOrg(3);
    org.units = {testing::Unit("nav", "NAV")};
    org.roles = {testing::Role("saksbehandler", "Saksbehandler", {{"pv.gdpr", 3, v1::REQUIRED, 1}})};
    org.people.clear();
    for (const char* id : {"kari", "leder"}) {
      v1::Person& p = org.people.emplace_back(testing::Person(id, std::string("Navn ") + id, "nav", {"saksbehandler"}));
      p.set_email(std::string(id) + "@k.no");
      p.set_active(true);
      if (std::string(id) == "leder") p.add_manages_unit_ids("nav");
    }
    org.resources = {testing::Resource("kurs", "Personvernkurs", 3, /*reaches_level=*/3)};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));

    kari_ = testing::MintTestToken(*server_, Grant::kEmployee, "kari");
    leder_ = testing::MintTestToken(*server_, Grant::kManager, "leder");
    admin_ = testing::MintTestToken(*server_, Grant::kAdmin);
    // Kari rates herself; her manager rates her and reads her gap.
    Assess(kari_, "kari", v1::SELF, 1);
    Assess(leder_, "kari", v1::MANAGER, 2);
    grpc::ClientContext c5;
    v1::GeneratePlanRequest gen;
    gen.set_person_id("kari");
    gen.set_save(true);
    ASSERT_TRUE(Ok(v1::PlanService::NewStub(testing::ChannelAs(*server_, kari_))->GeneratePlan(&c5, gen, &plan_)));
    ASSERT_GT(plan_.steps_size(), 0);
    grpc::ClientContext c6;
    v1::GetPersonGapRequest gap_req;
    gap_req.set_person_id("kari");
    v1::PersonGap gap;
    ASSERT_TRUE(Ok(v1::GapService::NewStub(testing::ChannelAs(*server_, leder_))->GetPersonGap(&c6, gap_req, &gap)));
    ASSERT_TRUE(server_->AuditForTest().Flush().ok());
  }

  void Assess(const std::string& token, const std::string& person, v1::AssessmentSource source, int level) {
    grpc::ClientContext ctx;
    v1::Assessment a, out;
    a.set_person_id(person);
    a.set_competence_id("pv.gdpr");
    a.set_level(level);
    a.set_source(source);
    a.set_note("vurdert");
    ASSERT_TRUE(Ok(v1::AssessmentService::NewStub(testing::ChannelAs(*server_, token))->RecordAssessment(&ctx, a, &out)));
  }

  grpc::Status Export(const std::string& token, const std::string& person, v1::ExportPersonDataResponse* out) {
    grpc::ClientContext ctx;
    v1::ExportPersonDataRequest req;
    req.set_person_id(person);
    return v1::PrivacyService::NewStub(testing::ChannelAs(*server_, token))->ExportPersonData(&ctx, req, out);
  }

  std::string kari_, leder_, admin_;
  v1::LearningPlan plan_;
};

TEST_F(PrivacyTest, TheExportHoldsEveryRowAboutThePerson) {
  v1::ExportPersonDataResponse out;
  ASSERT_TRUE(Export(kari_, "kari", &out).ok());
  const v1::PersonDataExport& data = out.data();
  EXPECT_EQ(data.person().email(), "kari@k.no");
  EXPECT_EQ(data.assessments_size(), 2) << "self and manager, the whole history";
  EXPECT_EQ(data.plans_size(), 1);
  EXPECT_EQ(data.tokens_size(), 1);
  EXPECT_GE(data.audit_size(), 2) << "the manager's read and the writes about her";
  bool manager_read = false;
  for (const auto& e : data.audit()) manager_read |= e.actor_person() == "leder" && e.method().find("GetPersonGap") != std::string::npos;
  EXPECT_TRUE(manager_read) << "who read her data";

  // Every text value of every row that mentions her, in every table, is in
  // the JSON document.
  const auto rows = RowsHolding(database_.address(), "kari");
  std::set<std::string> tables;
  for (const auto& [table, texts] : rows) {
    // PostgreSQL's change log (replicas' bookkeeping of which ids a commit
    // touched, kept an hour) is not data about her; erasure scrubs it too
    // (the test below).
    if (table == "change_log") continue;
    tables.insert(table);
    for (const std::string& v : texts) {
      EXPECT_NE(out.json().find(v), std::string::npos) << table << " value '" << v << "' is missing from the export";
    }
  }
  for (const char* t : {"people", "assessments", "plans", "tokens", "audit_events", "person_roles"}) {
    EXPECT_TRUE(tables.count(t)) << "the fixture puts kari in " << t;
  }

  // Someone else's data: an employee cannot, the manager cannot either
  // (export is for the person and ADMINs).
  EXPECT_EQ(Export(kari_, "leder", &out).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Export(leder_, "kari", &out).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_TRUE(Export(admin_, "kari", &out).ok());
  EXPECT_EQ(Export(admin_, "ghost", &out).error_code(), grpc::NOT_FOUND);
}

TEST_F(PrivacyTest, ErasureLeavesOnlyThePseudonymousAuditRecord) {
  grpc::ClientContext ctx;
  v1::ErasePersonRequest req;
  req.set_person_id("kari");
  v1::ErasePersonResponse erased;
  auto privacy = v1::PrivacyService::NewStub(testing::ChannelAs(*server_, admin_));
  ASSERT_TRUE(privacy->ErasePerson(&ctx, req, &erased).ok());
  ASSERT_EQ(erased.pseudonym().rfind("erased:", 0), 0u) << erased.pseudonym();
  ASSERT_TRUE(server_->AuditForTest().Flush().ok());

  EXPECT_TRUE(RowsHolding(database_.address(), "kari").empty()) << "her id is still stored somewhere";
  const auto pseudonymous = RowsHolding(database_.address(), erased.pseudonym());
  ASSERT_FALSE(pseudonymous.empty());
  for (const auto& [table, texts] : pseudonymous) EXPECT_EQ(table, "audit_events");
  db::testing::RawSql db(database_.address());
  const auto last = db.Rows("SELECT method, subject, outcome FROM audit_events ORDER BY seq DESC LIMIT 1");
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0][0].value, "skillpath.v1.PrivacyService/ErasePerson");
  EXPECT_EQ(last[0][1].value, erased.pseudonym());
  EXPECT_EQ(last[0][2].value.value_or("").rfind("OK", 0), 0u);
  EXPECT_EQ(db.Int("SELECT count(*) FROM assessments WHERE assessor_id = 'kari'"), 0);

  // Her token is gone at once; she is gone from the gaps.
  grpc::ClientContext c2;
  v1::GetPersonGapRequest gap_req;
  gap_req.set_person_id("kari");
  v1::PersonGap gap;
  EXPECT_EQ(v1::GapService::NewStub(testing::ChannelAs(*server_, kari_))->GetPersonGap(&c2, gap_req, &gap).error_code(),
            grpc::UNAUTHENTICATED);
  grpc::ClientContext c3;
  EXPECT_EQ(v1::GapService::NewStub(testing::ChannelTo(*server_))->GetPersonGap(&c3, gap_req, &gap).error_code(),
            grpc::NOT_FOUND);
  grpc::ClientContext c4;
  EXPECT_EQ(privacy->ErasePerson(&c4, req, &erased).error_code(), grpc::NOT_FOUND) << "erasing twice";
}

TEST_F(PrivacyTest, TheAuditLogCannotBeEditedThroughTheDatabaseEither) {
  db::testing::RawSql db(database_.address());
  EXPECT_FALSE(db.Exec("UPDATE audit_events SET outcome = 'nothing happened'").ok());
  EXPECT_FALSE(db.Exec("DELETE FROM audit_events").ok());
  EXPECT_FALSE(db.Exec("UPDATE audit_events SET subject = 'someone-else' WHERE subject = 'kari'").ok());
  EXPECT_GE(db.Int("SELECT count(*) FROM audit_events"), 1) << "nothing was deleted";
}

}  // namespace
}  // namespace skillpath::services
