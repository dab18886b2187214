#pragma once
// The write rules of learning plans (see core/rules/commands.h for what
// every write rule does): moving a plan along its statuses with what is
// said about it, working through its steps, and confirming them.

#include <string>

#include "absl/status/statusor.h"
#include "core/model/plan_types.h"
#include "core/ports/repository.h"

namespace skillpath::core {

// Moves a plan to `status` (see NextStatuses); the same status again is a
// no-op. FAILED_PRECONDITION naming the allowed next states otherwise, and
// for COMPLETED while a step is not DONE or SKIPPED.
absl::StatusOr<LearningPlan> SetPlanStatus(Repositories& repos, const std::string& plan_id, PlanStatus status,
                                           Time now);

// Who moves a plan and what they say. Sending a PROPOSED plan back to
// DRAFT for someone other than its person (their manager, HR) needs a
// comment: why. A comment said with a change is kept on the plan
// (PlanComment with the new status); with no change (the same status
// again) nothing is written.
struct PlanStatusChange {
  PlanStatus status = PlanStatus::kUnspecified;
  std::string actor_id;    // "" for a token without a person
  std::string actor_name;
  std::string comment;     // at most kMaxCommentLength
};
absl::StatusOr<LearningPlan> SetPlanStatus(Repositories& repos, const std::string& plan_id,
                                           const PlanStatusChange& change, Time now);

inline constexpr size_t kMaxCommentLength = 4000;
// The most comments a plan keeps; more is FAILED_PRECONDITION.
inline constexpr size_t kMaxPlanComments = 200;

// A comment alone on a plan, by its person, their manager or HR (the
// caller decides who may): 1..kMaxCommentLength characters after trimming.
absl::StatusOr<LearningPlan> AddPlanComment(Repositories& repos, const std::string& plan_id,
                                            const std::string& author_id, const std::string& author_name,
                                            const std::string& text, Time now);

// Marks step `seq` STARTED, DONE or SKIPPED on an APPROVED or IN_PROGRESS
// plan; `actor_id` is the person doing it ("" for a token without one).
// Nobody validates their own competence: the learner's own DONE records a
// SELF claim of each level the step brings and leaves the step
// AWAITING_CONFIRMATION (again: a no-op). Anyone else's DONE (their manager,
// HR) records EVIDENCE with the actor as assessor (ids derived from plan and
// step, so a retry records nothing twice) and the step is DONE. The plan
// moves to IN_PROGRESS with its first worked step and to COMPLETED when
// every step is DONE or SKIPPED.
absl::StatusOr<LearningPlan> UpdatePlanStep(Repositories& repos, const std::string& plan_id, int seq,
                                            StepStatus status, const std::string& actor_id, Time now);

// The answer to a step AWAITING_CONFIRMATION, by `confirmer_id` (the
// manager or HR; PERMISSION_DENIED for the learner themself). `accept`:
// EVIDENCE of each level with the confirmer as assessor, and the step is
// DONE. Otherwise the step goes back to STARTED with `comment` (required
// then: the reason) kept on it.
absl::StatusOr<LearningPlan> ConfirmPlanStep(Repositories& repos, const std::string& plan_id, int seq, bool accept,
                                             const std::string& comment, const std::string& confirmer_id, Time now);

}  // namespace skillpath::core
