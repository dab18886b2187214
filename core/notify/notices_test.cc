// The e-mail notifications' rules and words (core/notify/): who is told
// what by a plan's state, once per event, and the texts in bokmål and
// English with times in the organisation's zone.
#include "core/notify/notices.h"

#include <gtest/gtest.h>

#include "core/notify/notice_texts.h"

namespace skillpath::core {
namespace {

constexpr Time kDay = 86'400'000'000LL;
constexpr Time kNow = 1'798'761'600'000'000LL;  // 2027-01-01 00:00 UTC

Recipient Person(const std::string& id, const std::string& name, std::string email = "") {
  Recipient r;
  r.person_id = id;
  r.name = name;
  r.email = email.empty() ? id + "@eksempel.kommune.no" : email;
  return r;
}

struct Fixture {
  std::vector<LearningResource> catalogue;
  LearningPlan plan;
  PlanNoticeInput in;
  Fixture() {
    LearningResource workshop;
    workshop.id = "verksted";
    workshop.title = "Personvernverksted";
    workshop.sessions = {{"s1", kNow + 3 * kDay + 8 * 3600'000'000LL, kNow + 3 * kDay + 11 * 3600'000'000LL, 20,
                          "Rådhuset, møterom 2", 0},
                         {"s2", kNow + 30 * kDay, kNow + 30 * kDay + 3600'000'000LL, 20, "Rådhuset", 0}};
    catalogue = {workshop};
    plan.id = "p1";
    plan.person_id = "kari";
    plan.status = PlanStatus::kProposed;
    plan.updated_at = kNow - kDay;
    plan.total_hours = 7.5;
    PlanStep course;
    course.seq = 1;
    course.resource_id = "kurs";
    course.title = "Personvern for alle";
    PlanStep step;
    step.seq = 2;
    step.resource_id = "verksted";
    step.title = "Personvernverksted";
    step.session_id = "s1";
    plan.steps = {course, step};
    in.plan = &plan;
    in.owner = Person("kari", "Kari Nordmann");
    in.managers = {Person("lise", "Lise Leder"), Person("kari", "Kari Nordmann"), Person("per", "Per Uten E-post", "")};
    in.managers[2].email.clear();
    in.catalogue = &catalogue;
  }
};

TEST(Notices, AProposedPlanGoesToEachManagerWithAnAddressOnceAProposal) {
  Fixture f;
  std::vector<Notice> notices = PlanNotices(f.in, kNow);
  ASSERT_EQ(notices.size(), 1u) << "not to Kari as her own manager, not to Per who has no address";
  EXPECT_EQ(notices[0].kind, NoticeKind::kPlanAwaitsApproval);
  EXPECT_EQ(notices[0].to.person_id, "lise");
  EXPECT_EQ(notices[0].person_name, "Kari Nordmann");
  EXPECT_EQ(notices[0].step_count, 2);
  const std::string key = notices[0].key;
  EXPECT_EQ(PlanNotices(f.in, kNow + kDay)[0].key, key) << "the same proposal is the same event";
  f.plan.updated_at = kNow;  // sent back and proposed again
  EXPECT_NE(PlanNotices(f.in, kNow)[0].key, key);
  f.in.managers[0].wants_email = false;
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty()) << "Lise turned e-mail off";
  f.plan.status = PlanStatus::kDraft;
  f.in.managers[0].wants_email = true;
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty());
}

TEST(Notices, APlanSentBackGoesToItsPersonWithTheReasonOnceASendingBack) {
  Fixture f;
  f.plan.status = PlanStatus::kDraft;
  f.plan.comments = {{kNow - kDay, "lise", "Lise Leder", "Ta kurset før verkstedet.\nOg still spørsmål.", PlanStatus::kDraft}};
  std::vector<Notice> notices = PlanNotices(f.in, kNow);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, NoticeKind::kPlanSentBack);
  EXPECT_EQ(notices[0].to.person_id, "kari");
  EXPECT_EQ(notices[0].comment_author, "Lise Leder");
  const std::string key = notices[0].key;
  EXPECT_EQ(PlanNotices(f.in, kNow + kDay)[0].key, key) << "the same sending back is the same event";

  const MailText nb = RenderNotice(notices[0], absl::UTCTimeZone(), "https://skillpath.kommune.no");
  EXPECT_EQ(nb.subject, "Læringsplanen din er sendt tilbake");
  EXPECT_NE(nb.body.find("Lise Leder har sendt læringsplanen din tilbake"), std::string::npos) << nb.body;
  EXPECT_NE(nb.body.find("> Ta kurset før verkstedet.\n> Og still spørsmål."), std::string::npos) << nb.body;
  EXPECT_NE(nb.body.find("https://skillpath.kommune.no/#/learner"), std::string::npos);
  notices[0].to.language = "en";
  EXPECT_EQ(RenderNotice(notices[0], absl::UTCTimeZone(), "").subject, "Your learning plan was sent back");

  // Not for the person's own withdrawal, a comment alone, an old sending
  // back, or when they turned e-mail off.
  f.plan.comments[0].author_id = "kari";
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty());
  f.plan.comments[0].author_id = "lise";
  f.plan.comments.push_back({kNow, "kari", "Kari Nordmann", "OK", PlanStatus::kUnspecified});
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty()) << "the last word is hers";
  f.plan.comments.pop_back();
  EXPECT_TRUE(PlanNotices(f.in, kNow + kSentBackWindow).empty());
  f.in.owner.wants_email = false;
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty());
}

TEST(Notices, AStepAwaitingConfirmationGoesToTheManagersOnceAClaim) {
  Fixture f;
  f.plan.status = PlanStatus::kInProgress;
  f.plan.steps[0].status = StepStatus::kAwaitingConfirmation;
  f.plan.steps[0].claimed_at = kNow - 3600'000'000LL;
  f.plan.steps[1].session_id.clear();
  std::vector<Notice> notices = PlanNotices(f.in, kNow);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, NoticeKind::kStepAwaitsConfirmation);
  EXPECT_EQ(notices[0].to.person_id, "lise");
  EXPECT_EQ(notices[0].seq, 1);
  EXPECT_EQ(notices[0].step_title, "Personvern for alle");
  const std::string key = notices[0].key;
  f.plan.steps[0].claimed_at = kNow;  // sent back, then claimed again
  EXPECT_NE(PlanNotices(f.in, kNow)[0].key, key);
}

TEST(Notices, ASessionWithinAWeekOfAnApprovedPlanRemindsItsPerson) {
  Fixture f;
  f.plan.status = PlanStatus::kApproved;
  std::vector<Notice> notices = PlanNotices(f.in, kNow);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, NoticeKind::kSessionSoon);
  EXPECT_EQ(notices[0].to.person_id, "kari");
  EXPECT_EQ(notices[0].seq, 2);
  EXPECT_EQ(notices[0].location, "Rådhuset, møterom 2");
  EXPECT_TRUE(PlanNotices(f.in, kNow - 5 * kDay).empty()) << "eight days ahead: not yet";
  EXPECT_TRUE(PlanNotices(f.in, kNow + 4 * kDay).empty()) << "the session has begun";
  f.plan.steps[1].session_id = "s2";
  EXPECT_TRUE(PlanNotices(f.in, kNow).empty()) << "moved to a session a month ahead";
  EXPECT_EQ(PlanNotices(f.in, kNow + 25 * kDay).size(), 1u);
  f.plan.steps[1].status = StepStatus::kDone;
  EXPECT_TRUE(PlanNotices(f.in, kNow + 25 * kDay).empty());
  f.plan.steps[1].status = StepStatus::kPlanned;
  f.plan.status = PlanStatus::kDraft;
  EXPECT_TRUE(PlanNotices(f.in, kNow + 25 * kDay).empty()) << "not approved: no seat to remind of";
  f.plan.status = PlanStatus::kInProgress;
  f.in.owner.wants_email = false;
  EXPECT_TRUE(PlanNotices(f.in, kNow + 25 * kDay).empty());
}

TEST(NoticeTexts, BokmaalByDefaultEnglishOnRequestTimesInOslo) {
  Fixture f;
  f.plan.status = PlanStatus::kApproved;
  absl::TimeZone oslo;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Oslo", &oslo));
  Notice session = PlanNotices(f.in, kNow)[0];
  MailText nb = RenderNotice(session, oslo, "https://skillpath.eksempel.no");
  // 4 January 2027 08:00-11:00 UTC is a Monday, 09:00-12:00 in Oslo (CET).
  EXPECT_EQ(nb.subject, "Om en uke: Personvernverksted mandag 04.01.2027 09:00–12:00");
  EXPECT_NE(nb.body.find("Hei Kari Nordmann,"), std::string::npos) << nb.body;
  EXPECT_NE(nb.body.find("sted: Rådhuset, møterom 2"), std::string::npos) << nb.body;
  EXPECT_NE(nb.body.find("https://skillpath.eksempel.no/#/learner"), std::string::npos) << nb.body;
  session.to.language = "en";
  MailText en = RenderNotice(session, oslo, "");
  EXPECT_EQ(en.subject, "In a week: Personvernverksted Monday 4 January 2027 09:00–12:00");
  EXPECT_EQ(en.body.find("http"), std::string::npos) << "no link without an address";

  f.plan.status = PlanStatus::kProposed;
  const MailText approval = RenderNotice(PlanNotices(f.in, kNow)[0], oslo, "https://skillpath.eksempel.no");
  EXPECT_EQ(approval.subject, "Læringsplan venter på godkjenning: Kari Nordmann");
  EXPECT_NE(approval.body.find("Hei Lise Leder,"), std::string::npos);
  EXPECT_NE(approval.body.find("(2 steg, 7.5 timer)"), std::string::npos) << approval.body;
  EXPECT_NE(approval.body.find("/#/team"), std::string::npos);
  EXPECT_NE(approval.body.find("slå av e-post"), std::string::npos);
}

}  // namespace
}  // namespace skillpath::core
