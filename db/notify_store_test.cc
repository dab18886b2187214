// The e-mail notifications' store (db/store/notify_store.h): the outbox
// queues each event once and hands out what is due, a person's own
// settings survive every other person write, the managers are the nearest
// ones above, the plans asked about are the ones that can notify, and an
// erasure takes the person's mails with them.
#include "db/store/notify_store.h"

#include <gtest/gtest.h>

#include "core/rules/commands.h"
#include "testing/db/store_fixture.h"

namespace skillpath::db {
namespace {

using core::OutboxMail;
using core::PlanStatus;
using core::StepStatus;

constexpr core::Time kNow = 1'780'000'000'000'000;  // 2026-05-28
constexpr core::Time kDay = 86'400'000'000;

class NotifyStoreTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(core::UpsertFramework(repos_, testing::DigitalFramework()).ok());
    ASSERT_EQ(core::UpsertOrgUnit(repos_, {"root", "", "Kommune"}).status(), absl::OkStatus());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"it", "root", "IT"}).ok());
    ASSERT_TRUE(core::UpsertOrgUnit(repos_, {"it.drift", "it", "Drift"}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"kari", "Kari", "kari@k.no", "it.drift", {}, {}, true}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"lise", "Lise", "lise@k.no", "it", {}, {"it"}, true}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"ola", "Ola", "ola@k.no", "it", {}, {"it"}, false}).ok());
    ASSERT_TRUE(core::UpsertPerson(repos_, {"rita", "Rita", "rita@k.no", "root", {}, {"root"}, true}).ok());
    core::LearningResource r;
    r.id = "verksted";
    r.title = "Verksted";
    r.mode = core::Mode::kWorkshop;
    r.hours = 3;
    r.outcomes = {{"pv.gdpr", 0, 2}};
    r.sessions = {{"s1", kNow + 3 * kDay, kNow + 3 * kDay + 1, 10, "Rådhuset", 0}};
    ASSERT_TRUE(core::UpsertResource(repos_, r).ok());
  }
  NotifyStore& notify() { return store_.notify(); }
  OutboxMail Mail(const std::string& key, core::Time due = kNow) {
    OutboxMail m;
    m.key = key;
    m.kind = "plan_awaits_approval";
    m.recipient_id = "lise";
    m.about_person_id = "kari";
    m.address = "lise@k.no";
    m.language = "nb";
    m.subject = "Emne";
    m.body = "Tekst";
    m.created_at = kNow;
    m.next_attempt_at = due;
    return m;
  }
  void Plan(const std::string& id, PlanStatus status, StepStatus step_status, std::string session = "") {
    core::LearningPlan plan;
    plan.id = id;
    plan.person_id = "kari";
    plan.status = status;
    plan.steps = {{1, "verksted", "Verksted", {}, kNow + 3 * kDay, kNow + 3 * kDay + 1, session, step_status, "", ""}};
    plan.created_at = plan.updated_at = kNow;
    ASSERT_TRUE(repos_.plans.PutPlan(plan).ok());
  }
};

SKILLPATH_ON_BOTH_BACKENDS(NotifyStoreTest);

TEST_P(NotifyStoreTest, EachEventIsQueuedOnceAndHandedOutWhenDue) {
  EXPECT_EQ(*notify().Enqueue({Mail("a"), Mail("b", kNow + kDay)}), 2);
  EXPECT_EQ(*notify().Enqueue({Mail("a"), Mail("c")}), 1) << "a is queued already";
  std::vector<OutboxMail> due = *notify().DueMail(kNow, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].key, "a");
  EXPECT_EQ(due[0].subject, "Emne");
  EXPECT_EQ(due[1].key, "c");
  ASSERT_TRUE(notify().MarkSent(due[0].id, kNow).ok());
  ASSERT_TRUE(notify().MarkFailed(due[1].id, 1, kNow + 60'000'000, "server down", false).ok());
  EXPECT_TRUE(notify().DueMail(kNow, 10)->empty());
  due = *notify().DueMail(kNow + kDay, 10);
  ASSERT_EQ(due.size(), 2u) << "c after its pause, b on its day";
  EXPECT_EQ(due[0].key, "c");
  EXPECT_EQ(due[0].attempts, 1);
  EXPECT_EQ(due[0].last_error, "server down");
  ASSERT_TRUE(notify().MarkFailed(due[0].id, 2, kNow, "550 no such mailbox", true).ok());
  EXPECT_EQ(notify().DueMail(kNow + kDay, 10)->size(), 1u);
  core::OutboxCounts counts = *notify().CountMail();
  EXPECT_EQ(counts.waiting, 1);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.given_up, 1);
  EXPECT_EQ(counts.oldest_waiting, kNow);
}

TEST_P(NotifyStoreTest, APersonsOwnSettingsSurviveEveryOtherWriteOfThem) {
  EXPECT_TRUE((*repos_.org.FindPerson("kari"))->email_notifications) << "on by default";
  ASSERT_TRUE(*notify().SetPersonSettings("kari", "en", false));
  EXPECT_FALSE(*notify().SetPersonSettings("nobody", "nb", true));
  core::Person kari = **repos_.org.FindPerson("kari");
  EXPECT_EQ(kari.language, "en");
  EXPECT_FALSE(kari.email_notifications);
  kari.name = "Kari Nordmann";
  kari.email_notifications = true;  // a person write does not carry them
  kari.language = "";
  ASSERT_TRUE(core::UpsertPerson(repos_, kari).ok());
  kari = **repos_.org.FindPerson("kari");
  EXPECT_EQ(kari.name, "Kari Nordmann");
  EXPECT_EQ(kari.language, "en");
  EXPECT_FALSE(kari.email_notifications);
}

TEST_P(NotifyStoreTest, TheManagersAreTheActiveOnesNearestAbove) {
  auto names = [&](const std::string& id) {
    std::vector<std::string> out;
    const core::Person person = **repos_.org.FindPerson(id);
    const std::vector<core::Person> managers = *notify().ManagersOf(person);
    for (const core::Person& p : managers) out.push_back(p.id);
    return out;
  };
  EXPECT_EQ(names("kari"), std::vector<std::string>{"lise"}) << "it.drift has none; it has Lise (Ola is inactive)";
  EXPECT_EQ(names("lise"), std::vector<std::string>{"rita"}) << "not herself: the next above";
  EXPECT_TRUE(names("rita").empty());
}

TEST_P(NotifyStoreTest, ThePlansAskedAboutAreTheOnesThatCanNotify) {
  Plan("proposed", PlanStatus::kProposed, StepStatus::kPlanned);
  Plan("claimed", PlanStatus::kInProgress, StepStatus::kAwaitingConfirmation);
  Plan("session", PlanStatus::kApproved, StepStatus::kPlanned, "s1");
  Plan("draft", PlanStatus::kDraft, StepStatus::kPlanned, "s1");
  Plan("cancelled", PlanStatus::kCancelled, StepStatus::kAwaitingConfirmation);
  Plan("done", PlanStatus::kApproved, StepStatus::kDone, "s1");
  std::vector<std::string> ids;
  std::vector<core::LearningPlan> plans = *notify().PlansToNotify(kNow, 7 * kDay);
  for (const auto& p : plans) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"claimed", "proposed", "session"}));
  ids.clear();
  plans = *notify().PlansToNotify(kNow - 5 * kDay, 7 * kDay);
  for (const auto& p : plans) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"claimed", "proposed"})) << "the session is eight days ahead then";
}

TEST_P(NotifyStoreTest, AnErasureTakesTheMailsToAndAboutThePerson) {
  ASSERT_EQ(*notify().Enqueue({Mail("to-lise-about-kari")}), 1);
  OutboxMail to_kari = Mail("to-kari");
  to_kari.recipient_id = "kari";
  to_kari.about_person_id = "kari";
  OutboxMail other = Mail("to-rita-about-lise");
  other.recipient_id = "rita";
  other.about_person_id = "lise";
  ASSERT_EQ(*notify().Enqueue({to_kari, other}), 2);
  ASSERT_TRUE(*store_.access().ErasePerson("kari", {0, kNow, "tok_admin", "admin", "ErasePerson", "erased:1", "OK"}));
  std::vector<OutboxMail> left = *notify().DueMail(kNow, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].key, "to-rita-about-lise");
}

}  // namespace
}  // namespace skillpath::db
