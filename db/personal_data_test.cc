// GDPR: everything about a person can be collected, and erased in one go
// leaving only a pseudonymous audit record; the audit log is append-only.
#include <gtest/gtest.h>

#include "core/rules/commands.h"
#include "db/store/stores.h"
#include "testing/db/store_fixture.h"

namespace skillpath::db {
namespace {

constexpr core::Time kNow = 1'780'000'000'000'000;

class PersonalDataTest : public testing::StoreFixture {
 protected:

  void SetUp() override {
    core::Framework f;
    f.id = "fw";
    f.name = "FW";
    f.scale.levels = {{1, "1", ""}, {2, "2", ""}};
    f.areas = {{"a", "A", "", {{"c", "", "C", "", {}}}}};
    ASSERT_TRUE(core::UpsertFramework(repos_, f).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"k", "", "K"}).ok());
    ASSERT_TRUE(core::UpsertRole(repos_, {"r", "R", "", {}, {{"c", 2, core::Priority::kRequired, 1}}}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"kari", "Kari", "kari@k.no", "k", {"r"}, {"k"}, true}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"ola", "Ola", "", "k", {"r"}, {}, true}).ok());
    Assess("a1", "kari", "", 1);
    Assess("a2", "ola", "kari", 2);  // Kari assessed Ola
    core::LearningResource res;
    res.id = "kurs";
    res.title = "Kurs";
    res.mode = core::Mode::kElearning;
    res.outcomes = {{"c", 0, 2}};
    ASSERT_TRUE(core::UpsertResource(repos_, res).ok());
    core::LearningPlan plan;
    plan.id = "plan1";
    plan.person_id = "kari";
    plan.status = core::PlanStatus::kDraft;
    plan.steps = {{1, "kurs", "Kurs", {{"c", 1, 2}}, kNow, kNow + 1, "", core::StepStatus::kPlanned, "why", ""}};
    ASSERT_TRUE(store_.plans().PutPlan(plan).ok());
    core::TokenRecord token;
    token.id = "tok_1";
    token.secret_hash = std::string(32, 'h');
    token.person_id = "kari";
    token.grant = core::Grant::kEmployee;
    token.created_at = kNow;
    ASSERT_TRUE(store_.access().PutToken(token).ok());
    ASSERT_TRUE(store_.access().AppendAudit({0, kNow, "tok_9", "hr", "GapService/GetPersonGap", "kari", "OK"}).ok());
  }

  void Assess(const std::string& id, const std::string& person, const std::string& assessor, int level) {
    core::Assessment a;
    a.id = id;
    a.person_id = person;
    a.competence_id = "c";
    a.level = level;
    a.source = core::Source::kManager;
    a.assessor_id = assessor;
    a.assessed_at = kNow - 10;
    ASSERT_TRUE(core::RecordAssessment(repos_, a, kNow).ok());
  }

  // Tables and columns holding `needle` anywhere.
  std::vector<std::string> Mentions(const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& [table, col] : TableColumns()) {
      if (Scalar("SELECT count(*) FROM \"" + table + "\" WHERE CAST(\"" + col + "\" AS TEXT) = '" + needle + "'") > 0) {
        found.push_back(table + "." + col);
      }
    }
    return found;
  }
};

SKILLPATH_ON_BOTH_BACKENDS(PersonalDataTest);

TEST_P(PersonalDataTest, CollectsEverythingAboutAPerson) {
  auto data = store_.access().CollectPersonData("kari");
  ASSERT_TRUE(data.ok() && data->has_value());
  const core::PersonData& d = **data;
  EXPECT_EQ(d.person.email, "kari@k.no");
  ASSERT_EQ(d.assessments.size(), 1u);
  EXPECT_EQ(d.assessments[0].id, "a1");
  ASSERT_EQ(d.assessments_given.size(), 1u);
  EXPECT_EQ(d.assessments_given[0].person_id, "ola");
  EXPECT_EQ(d.plan_ids, std::vector<std::string>{"plan1"});
  ASSERT_EQ(d.tokens.size(), 1u);
  EXPECT_TRUE(d.tokens[0].secret_hash.empty()) << "not even the hash leaves";
  ASSERT_EQ(d.audit.size(), 1u);
  EXPECT_EQ(d.audit[0].method, "GapService/GetPersonGap");
  EXPECT_FALSE(store_.access().CollectPersonData("ghost")->has_value());
}

TEST_P(PersonalDataTest, ErasureLeavesOnlyAPseudonymousAuditRecord) {
  ASSERT_FALSE(Mentions("kari").empty());
  ASSERT_TRUE(Sql("BEGIN").ok());
  auto erased = store_.access().ErasePerson("kari", {0, kNow, "tok_admin", "admin", "ErasePerson", "erased:3f2a", "OK"});
  ASSERT_TRUE(Sql("COMMIT").ok());
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_TRUE(*erased);
  EXPECT_TRUE(Mentions("kari").empty()) << "no table holds her id any more";
  EXPECT_EQ(Mentions("erased:3f2a"), std::vector<std::string>{"audit_events.subject"});
  EXPECT_EQ(Scalar("SELECT count(*) FROM audit_events WHERE subject = 'erased:3f2a'"), 2)
      << "the earlier read of her data, pseudonymised, and the erasure itself";
  EXPECT_EQ(ScalarText("SELECT assessor_id FROM assessments WHERE id = 'a2'"), "")
      << "Ola's assessment stays, without its assessor";
  EXPECT_FALSE(*store_.access().ErasePerson("kari", {}));
}

TEST_P(PersonalDataTest, TheAuditLogAndAssessmentsCannotBeEdited) {
  EXPECT_FALSE(Sql("UPDATE audit_events SET outcome = 'x'").ok());
  EXPECT_FALSE(Sql("UPDATE audit_events SET subject = 'someone-else'").ok())
      << "only a pseudonym may replace a subject";
  EXPECT_FALSE(Sql("DELETE FROM audit_events").ok());
  EXPECT_FALSE(Sql("UPDATE assessments SET level = 0").ok());
  EXPECT_FALSE(Sql("UPDATE assessments SET assessor_id = 'ola' WHERE id = 'a2'").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM audit_events"), 1);
  EXPECT_EQ(store_.access().PseudonymSalt()->size(), 32u);
}

// Issue #10, item 7: rows leave the audit log only through the retention
// purge, which is on record, and only the ones older than its cutoff; the
// count of an aggregated entry is kept and cannot be edited.
TEST_P(PersonalDataTest, OnlyTheRetentionPurgeRemovesAuditEntriesAndOnlyOldOnes) {
  const core::Time kDay = 86400LL * 1000000;
  ASSERT_TRUE(store_.access().AppendAudit({0, kNow - 10 * kDay, "tok_hr", "", "GetPersonGap", "ola", "OK"}).ok());
  core::AuditEvent repeated{0, kNow - kDay, "tok_e", "kari", "GetPersonGap", "ola", "PERMISSION_DENIED: no"};
  repeated.count = 41;
  ASSERT_TRUE(store_.access().AppendAudit(repeated).ok());
  const int before = Scalar("SELECT count(*) FROM audit_events");
  EXPECT_FALSE(Sql("UPDATE audit_events SET count = 1").ok());
  EXPECT_FALSE(Sql("DELETE FROM audit_events").ok());

  auto removed = store_.access().PurgeAuditBefore(kNow - 5 * kDay, kNow);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(*removed, 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM audit_events"), before - 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM audit_purges"), 1) << "the purge is on record";
  EXPECT_FALSE(Sql("DELETE FROM audit_purges").ok());
  EXPECT_FALSE(Sql("DELETE FROM audit_events").ok()) << "newer rows stay protected";
  core::AuditQuery all;
  all.actor_person = "kari";
  auto listed = store_.access().ListAudit(all);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].count, 41);
}

// The audit trail writes its batches with AppendAudits: many rows per
// statement and the rest one by one, every event once and in order.
TEST_P(PersonalDataTest, AuditEventsAppendedTogetherAreStoredInOrder) {
  std::vector<core::AuditEvent> events;
  for (int i = 0; i < 64 * 2 + 5; ++i) {
    core::AuditEvent e{0, kNow + i, "tok_batch", "hr", "GapService/GetPersonGap", "p" + std::to_string(i), "OK"};
    e.count = 1 + i % 3;
    events.push_back(e);
  }
  ASSERT_TRUE(store_.access().AppendAudits(events).ok());
  core::AuditQuery all;
  all.actor_token = "tok_batch";
  auto listed = store_.access().ListAudit(all);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ((*listed)[i].subject, events[i].subject);
    EXPECT_EQ((*listed)[i].at, events[i].at);
    EXPECT_EQ((*listed)[i].count, events[i].count);
  }
}

}  // namespace
}  // namespace skillpath::db
