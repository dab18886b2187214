#include "core/rules/plan_commands.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/gap/gap.h"
#include "core/model/errors.h"
#include "core/rules/assessments.h"
#include "core/rules/validation.h"

namespace skillpath::core {

namespace {
absl::StatusOr<LearningPlan> LoadPlan(Repositories& repos, const std::string& plan_id) {
  RETURN_IF_ERROR(CheckId("plan_id", plan_id));
  ASSIGN_OR_RETURN(std::optional<LearningPlan> plan, repos.plans.FindPlan(plan_id));
  if (!plan) return absl::NotFoundError(absl::StrCat("plan '", plan_id, "' not found"));
  return *plan;
}

absl::Status TooManyComments(const LearningPlan& plan) {
  return absl::FailedPreconditionError(absl::StrCat("plan '", plan.id, "' has ", plan.comments.size(),
                                                    " comments, the most a plan keeps; make a new plan"));
}
}  // namespace

absl::StatusOr<LearningPlan> SetPlanStatus(Repositories& repos, const std::string& plan_id, PlanStatus status,
                                           Time now) {
  return SetPlanStatus(repos, plan_id, PlanStatusChange{status, "", "", ""}, now);
}

absl::StatusOr<LearningPlan> SetPlanStatus(Repositories& repos, const std::string& plan_id,
                                           const PlanStatusChange& change, Time now) {
  ASSIGN_OR_RETURN(LearningPlan plan, LoadPlan(repos, plan_id));
  const PlanStatus status = change.status;
  if (status < PlanStatus::kDraft || status > PlanStatus::kCancelled) {
    return InvalidField("status", "must be DRAFT, PROPOSED, APPROVED, IN_PROGRESS, COMPLETED or CANCELLED");
  }
  const std::string comment(absl::StripAsciiWhitespace(change.comment));
  RETURN_IF_ERROR(CheckText("comment", comment, kMaxCommentLength));
  if (status == plan.status) return plan;
  const std::vector<PlanStatus> next = NextStatuses(plan.status);
  if (std::find(next.begin(), next.end(), status) == next.end()) {
    std::vector<std::string> names;
    for (PlanStatus n : next) names.push_back(PlanStatusName(n));
    return absl::FailedPreconditionError(absl::StrCat(
        "plan '", plan_id, "' is ", PlanStatusName(plan.status), " and cannot become ", PlanStatusName(status),
        "; allowed next: ", names.empty() ? "none (it is final)" : absl::StrJoin(names, ", ")));
  }
  const bool sent_back = plan.status == PlanStatus::kProposed && status == PlanStatus::kDraft &&
                         (change.actor_id.empty() || change.actor_id != plan.person_id);
  if (sent_back && comment.empty()) {
    return InvalidField("comment", "say why the plan is sent back (the person sees it on their plan)");
  }
  if (status == PlanStatus::kCompleted) {
    for (const PlanStep& s : plan.steps) {
      if (s.status != StepStatus::kDone && s.status != StepStatus::kSkipped) {
        return absl::FailedPreconditionError(absl::StrCat("plan '", plan_id, "' has step ", s.seq, " ",
                                                          StepStatusName(s.status),
                                                          "; a plan is COMPLETED when every step is DONE or SKIPPED"));
      }
    }
  }
  if (!comment.empty()) {
    if (plan.comments.size() >= kMaxPlanComments) return TooManyComments(plan);
    plan.comments.push_back({now, change.actor_id, change.actor_name, comment, status});
  }
  plan.status = status;
  plan.updated_at = now;
  RETURN_IF_ERROR(repos.plans.PutPlan(plan));
  return plan;
}

absl::StatusOr<LearningPlan> AddPlanComment(Repositories& repos, const std::string& plan_id,
                                            const std::string& author_id, const std::string& author_name,
                                            const std::string& text, Time now) {
  ASSIGN_OR_RETURN(LearningPlan plan, LoadPlan(repos, plan_id));
  const std::string comment(absl::StripAsciiWhitespace(text));
  if (comment.empty()) return InvalidField("text", "must not be empty");
  RETURN_IF_ERROR(CheckText("text", comment, kMaxCommentLength));
  if (plan.comments.size() >= kMaxPlanComments) return TooManyComments(plan);
  plan.comments.push_back({now, author_id, author_name, comment, PlanStatus::kUnspecified});
  plan.updated_at = now;
  RETURN_IF_ERROR(repos.plans.PutPlan(plan));
  return plan;
}

namespace {

bool Finished(StepStatus s) { return s == StepStatus::kDone || s == StepStatus::kSkipped; }

// The step `seq` of a plan whose steps are being worked on.
absl::StatusOr<PlanStep*> WorkedStep(LearningPlan& plan, int seq) {
  if (seq < 1 || seq > static_cast<int>(plan.steps.size())) {
    return InvalidField("seq", absl::StrCat("plan '", plan.id, "' has steps 1..", plan.steps.size(), " (got ", seq, ")"));
  }
  if (plan.status != PlanStatus::kApproved && plan.status != PlanStatus::kInProgress) {
    return absl::FailedPreconditionError(absl::StrCat("plan '", plan.id, "' is ", PlanStatusName(plan.status),
                                                      "; steps are worked on once the plan is APPROVED"));
  }
  return &plan.steps[static_cast<size_t>(seq - 1)];
}

// Records what finishing `step` says about the learner's levels: `source`
// SELF is their own claim, EVIDENCE the level a confirmer (`assessor_id`,
// "" for a token without a person) vouches for. Levels that already stand
// (a validated one at least as high; for a claim, also their own) are not
// recorded again, and a lower one would pull the person down.
absl::Status RecordStepLevels(Repositories& repos, const LearningPlan& plan, const PlanStep& step, Source source,
                              const std::string& assessor_id, Time now) {
  for (const LevelChange& c : step.changes) {
    ASSIGN_OR_RETURN(std::vector<Assessment> history, repos.assessments.ListAssessments(plan.person_id, c.competence_id));
    std::vector<Fact> facts;
    for (const Assessment& h : history) facts.push_back(FactOf(h, 0));
    const Effective current = EffectiveAt(facts.data(), facts.data() + facts.size(), now);
    const bool validated = current.source != Source::kSelf && current.source != Source::kUnspecified;
    if (validated && current.level >= c.to) continue;
    if (source == Source::kSelf && current.self_level >= c.to) continue;
    Assessment a;
    // The evidence of a step is recorded once (a retry finds it); a claim
    // can be made again after the step was sent back, so its id has the time.
    a.id = source == Source::kSelf ? absl::StrCat("plan:", plan.id, ":", step.seq, ":", c.competence_id, ":claim:", now)
                                   : absl::StrCat("plan:", plan.id, ":", step.seq, ":", c.competence_id);
    a.person_id = plan.person_id;
    a.competence_id = c.competence_id;
    a.level = c.to;
    a.source = source;
    a.assessor_id = assessor_id;
    a.assessed_at = now;
    a.note = source == Source::kSelf
                 ? absl::StrCat("Says they completed \"", step.title, "\" (plan ", plan.id, ", step ", step.seq,
                                "); awaiting confirmation")
                 : absl::StrCat("Completed \"", step.title, "\" (plan ", plan.id, ", step ", step.seq, "), confirmed",
                                assessor_id.empty() ? "" : absl::StrCat(" by ", assessor_id));
    a.evidence_uri = absl::StrCat("skillpath:plan/", plan.id, "/step/", step.seq);
    ASSIGN_OR_RETURN(Assessment stored, RecordAssessment(repos, a, now));
    (void)stored;
  }
  return absl::OkStatus();
}

// After a step changed: IN_PROGRESS with the first worked step, COMPLETED
// once every step is DONE or SKIPPED (a step awaiting confirmation is not).
absl::StatusOr<LearningPlan> SaveWorkedPlan(Repositories& repos, LearningPlan plan, Time now) {
  if (plan.status == PlanStatus::kApproved) plan.status = PlanStatus::kInProgress;
  bool all_finished = true;
  for (const PlanStep& s : plan.steps) all_finished &= Finished(s.status);
  if (all_finished) plan.status = PlanStatus::kCompleted;
  plan.updated_at = now;
  RETURN_IF_ERROR(repos.plans.PutPlan(plan));
  return plan;
}

}  // namespace

absl::StatusOr<LearningPlan> UpdatePlanStep(Repositories& repos, const std::string& plan_id, int seq,
                                            StepStatus status, const std::string& actor_id, Time now) {
  ASSIGN_OR_RETURN(LearningPlan plan, LoadPlan(repos, plan_id));
  if (status != StepStatus::kStarted && status != StepStatus::kDone && status != StepStatus::kSkipped) {
    return InvalidField("status", "must be STARTED, DONE or SKIPPED (a learner's DONE awaits confirmation)");
  }
  ASSIGN_OR_RETURN(PlanStep * step, WorkedStep(plan, seq));
  if (step->status == status) return plan;
  if (Finished(step->status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("step ", seq, " is already ", StepStatusName(step->status), " and cannot change"));
  }
  const bool learner = actor_id == plan.person_id;
  if (status == StepStatus::kDone && learner) {
    // Nobody validates their own competence: the learner's word is a SELF
    // claim until their manager or HR confirms it (ConfirmPlanStep).
    if (step->status == StepStatus::kAwaitingConfirmation) return plan;  // said already
    RETURN_IF_ERROR(RecordStepLevels(repos, plan, *step, Source::kSelf, actor_id, now));
    step->status = StepStatus::kAwaitingConfirmation;
    step->claimed_at = now;
  } else {
    if (status == StepStatus::kDone) {
      RETURN_IF_ERROR(RecordStepLevels(repos, plan, *step, Source::kEvidence, actor_id, now));
    }
    step->status = status;
  }
  return SaveWorkedPlan(repos, std::move(plan), now);
}

absl::StatusOr<LearningPlan> ConfirmPlanStep(Repositories& repos, const std::string& plan_id, int seq, bool accept,
                                             const std::string& comment, const std::string& confirmer_id, Time now) {
  ASSIGN_OR_RETURN(LearningPlan plan, LoadPlan(repos, plan_id));
  RETURN_IF_ERROR(CheckText("comment", comment));
  if (!accept && comment.empty()) return InvalidField("comment", "say why the step is sent back");
  ASSIGN_OR_RETURN(PlanStep * step, WorkedStep(plan, seq));
  if (!confirmer_id.empty() && confirmer_id == plan.person_id) {
    return absl::PermissionDeniedError(
        absl::StrCat("step ", seq, " of plan '", plan_id, "' is your own; your manager or HR confirms it"));
  }
  if (step->status != StepStatus::kAwaitingConfirmation) {
    return absl::FailedPreconditionError(absl::StrCat("step ", seq, " is ", StepStatusName(step->status),
                                                      "; only a step AWAITING_CONFIRMATION is confirmed or sent back"));
  }
  step->comment = comment;
  if (accept) {
    RETURN_IF_ERROR(RecordStepLevels(repos, plan, *step, Source::kEvidence, confirmer_id, now));
    step->status = StepStatus::kDone;
  } else {
    step->status = StepStatus::kStarted;  // back to work; the learner's claims stay in the history
  }
  return SaveWorkedPlan(repos, std::move(plan), now);
}

}  // namespace skillpath::core
