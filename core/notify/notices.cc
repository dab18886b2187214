#include "core/notify/notices.h"

#include "absl/strings/str_cat.h"

namespace skillpath::core {
namespace {

bool Reachable(const Recipient& r) { return r.wants_email && !r.email.empty(); }

const Session* FindSession(const std::vector<LearningResource>* catalogue, const PlanStep& step) {
  if (!catalogue || step.session_id.empty()) return nullptr;
  for (const LearningResource& r : *catalogue) {
    if (r.id != step.resource_id) continue;
    for (const Session& s : r.sessions) {
      if (s.id == step.session_id) return &s;
    }
  }
  return nullptr;
}

Notice About(NoticeKind kind, const PlanNoticeInput& in, const Recipient& to) {
  Notice n;
  n.kind = kind;
  n.to = to;
  n.person_id = in.owner.person_id;
  n.person_name = in.owner.name;
  n.plan_id = in.plan->id;
  n.step_count = static_cast<int>(in.plan->steps.size());
  n.total_hours = in.plan->total_hours;
  return n;
}

}  // namespace

const char* NoticeKindName(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kPlanAwaitsApproval: return "plan_awaits_approval";
    case NoticeKind::kStepAwaitsConfirmation: return "step_awaits_confirmation";
    case NoticeKind::kSessionSoon: return "session_soon";
    case NoticeKind::kPlanSentBack: return "plan_sent_back";
  }
  return "unknown";
}

std::vector<Notice> PlanNotices(const PlanNoticeInput& in, Time now, Time lead) {
  std::vector<Notice> out;
  if (!in.plan) return out;
  const LearningPlan& plan = *in.plan;
  auto to_managers = [&](NoticeKind kind, const std::string& key, const PlanStep* step) {
    for (const Recipient& m : in.managers) {
      if (!Reachable(m) || m.person_id == plan.person_id) continue;
      Notice n = About(kind, in, m);
      n.key = absl::StrCat(key, "/", m.person_id);
      if (step) {
        n.seq = step->seq;
        n.step_title = step->title;
      }
      out.push_back(std::move(n));
    }
  };
  // A proposal is an event of its own each time the plan is proposed
  // (updated_at moves with every change of status).
  if (plan.status == PlanStatus::kProposed) {
    to_managers(NoticeKind::kPlanAwaitsApproval, absl::StrCat(NoticeKindName(NoticeKind::kPlanAwaitsApproval), "/",
                                                              plan.id, "/", plan.updated_at),
                nullptr);
  }
  // Sent back: the plan is a DRAFT again and the last word on it is the
  // reason someone else gave as it went back.
  if (plan.status == PlanStatus::kDraft && !plan.comments.empty() && Reachable(in.owner)) {
    const PlanComment& last = plan.comments.back();
    if (last.status == PlanStatus::kDraft && last.author_id != plan.person_id && last.at > now - kSentBackWindow) {
      Notice n = About(NoticeKind::kPlanSentBack, in, in.owner);
      n.key = absl::StrCat(NoticeKindName(NoticeKind::kPlanSentBack), "/", plan.id, "/", last.at, "/",
                           in.owner.person_id);
      n.comment = last.text;
      n.comment_author = last.author_name;
      out.push_back(std::move(n));
    }
  }
  const bool running = plan.status == PlanStatus::kApproved || plan.status == PlanStatus::kInProgress;
  for (const PlanStep& step : plan.steps) {
    if (step.status == StepStatus::kAwaitingConfirmation && plan.status != PlanStatus::kCancelled) {
      to_managers(NoticeKind::kStepAwaitsConfirmation,
                  absl::StrCat(NoticeKindName(NoticeKind::kStepAwaitsConfirmation), "/", plan.id, "/", step.seq, "/",
                               step.claimed_at),
                  &step);
    }
    if (!running || !Reachable(in.owner)) continue;
    if (step.status != StepStatus::kPlanned && step.status != StepStatus::kStarted) continue;
    const Session* session = FindSession(in.catalogue, step);
    if (!session || session->start <= now || session->start > now + lead) continue;
    Notice n = About(NoticeKind::kSessionSoon, in, in.owner);
    n.key = absl::StrCat(NoticeKindName(NoticeKind::kSessionSoon), "/", plan.id, "/", step.seq, "/", session->id, "/",
                         session->start, "/", in.owner.person_id);
    n.seq = step.seq;
    n.step_title = step.title;
    n.session_start = session->start;
    n.session_end = session->end;
    n.location = session->location;
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace skillpath::core
