#pragma once
// The e-mail notifications of issue #15: what a plan's state asks to tell
// whom, now. Derived from the state (not from the writes that led to it),
// each with a key that names the event, so a notifier that looks again and
// again sends each one once, misses none after a restart, and never needs
// the write paths to remember to notify.
//
//  - a plan PROPOSED: its person's managers, to approve it;
//  - a plan sent back to DRAFT with a comment by someone else: its person;
//  - a step AWAITING_CONFIRMATION: the managers, to confirm it;
//  - a session step of an APPROVED or IN_PROGRESS plan that starts within
//    the lead time (a week): its person, as a reminder.
//
// Only to people who have an address and have not turned e-mail off; never
// to the plan's own person as their manager. Pure.
#include <string>
#include <vector>

#include "core/model/mail_types.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

enum class NoticeKind {
  kPlanAwaitsApproval = 1,
  kStepAwaitsConfirmation = 2,
  kSessionSoon = 3,
  kPlanSentBack = 4,
};
const char* NoticeKindName(NoticeKind kind);  // "plan_awaits_approval", ...

// Someone a notice may go to.
struct Recipient {
  std::string person_id;
  std::string name;
  std::string email;     // empty: nothing is sent
  std::string language;  // "nb" or "en"; empty: nb
  bool wants_email = true;
};

struct Notice {
  NoticeKind kind = NoticeKind::kPlanAwaitsApproval;
  std::string key;  // the event: the same key is sent once
  Recipient to;
  // What it is about.
  std::string person_id, person_name;  // the learner
  std::string plan_id;
  int step_count = 0;
  double total_hours = 0;
  int seq = 0;  // the step, for a step or a session
  std::string step_title;
  Time session_start = 0, session_end = 0;
  std::string location;
  std::string comment, comment_author;  // why a plan was sent back, and who said it
};

struct PlanNoticeInput {
  const LearningPlan* plan = nullptr;
  Recipient owner;                 // the plan's person
  std::vector<Recipient> managers;  // who may approve and confirm for them
  const std::vector<LearningResource>* catalogue = nullptr;  // sessions' times and places
};

inline constexpr Time kSessionLead = 7LL * 86400 * 1000000;  // a week
// kSentBackWindow: core/model/mail_types.h.

// The notices `in`'s plan asks for at `now`.
std::vector<Notice> PlanNotices(const PlanNoticeInput& in, Time now, Time lead = kSessionLead);

}  // namespace skillpath::core
