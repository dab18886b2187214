#include "services/plan_service.h"

#include "absl/strings/str_cat.h"
#include "core/commands.h"
#include "core/gap_queries.h"
#include "core/planner.h"
#include "core/status_macros.h"
#include "core/validation.h"
#include "services/convert.h"

namespace skillpath::services {
namespace {

grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* ctx, const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* PlanServiceImpl::GeneratePlan(grpc::CallbackServerContext* ctx,
                                                        const v1::GeneratePlanRequest* req, v1::LearningPlan* resp) {
  const core::Time now = ctx_.now();
  // The search runs here, on the caller's thread, from the read index; only
  // saving goes through the writer.
  auto planned = [&]() -> absl::StatusOr<std::pair<core::PlanResult, core::PlanOptions>> {
    RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
    ASSIGN_OR_RETURN(core::PlanOptions options, FromProto(req->options(), now));
    const auto snapshot = ctx_.index.Current();
    core::PersonGapResult gap;
    ASSIGN_OR_RETURN(const core::PersonState* person, core::QueryPersonGap(*snapshot, req->person_id(), now, gap));
    std::set<std::string> completed;
    RETURN_IF_ERROR(ctx_.reads.With([&](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(completed, repos.plans.CompletedResources(req->person_id()));
      return absl::OkStatus();
    }));
    core::PlannerInput input;
    input.goals = core::PlanGoalsFor(*snapshot, *person, gap);
    input.catalogue = snapshot->catalogue.get();
    input.completed = std::move(completed);
    input.options = options;
    input.node_budget = kNodeBudget;
    return std::make_pair(core::PlanLearning(input), options);
  }();
  if (!planned.ok()) return Answer(ctx, planned.status());
  auto catalogue = ctx_.index.Current()->catalogue;
  auto [result, options] = std::move(*planned);

  if (!req->save()) {
    absl::Status s = ctx_.reads.With([&](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(core::SessionBookings bookings, repos.plans.Bookings());
      core::LearningPlan plan = core::MakePlan(req->person_id(), result,
                                               core::SchedulePlan(result.steps, *catalogue, options, bookings),
                                               *catalogue, options);
      ToProto(plan, resp);
      return absl::OkStatus();
    });
    return Answer(ctx, s);
  }
  // Saving: seats are counted and taken inside the write, so two plans
  // saved at once cannot both take the last seat.
  return ServeWrite(ctx, ctx_.writer,
                    [result = std::move(result), options, catalogue, person = req->person_id(), resp, now,
                     id = NewId()](core::Repositories& repos) -> absl::Status {
                      ASSIGN_OR_RETURN(core::SessionBookings bookings, repos.plans.Bookings());
                      core::LearningPlan plan = core::MakePlan(
                          person, result, core::SchedulePlan(result.steps, *catalogue, options, bookings), *catalogue,
                          options);
                      plan.id = id;
                      plan.status = core::PlanStatus::kDraft;
                      plan.created_at = plan.updated_at = now;
                      RETURN_IF_ERROR(repos.plans.PutPlan(plan));
                      ToProto(plan, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* PlanServiceImpl::GetPlan(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                                   v1::LearningPlan* resp) {
  return ServeRead(ctx, ctx_.reads, [req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("id", req->id()));
    ASSIGN_OR_RETURN(std::optional<core::LearningPlan> plan, repos.plans.FindPlan(req->id()));
    if (!plan) return absl::NotFoundError(absl::StrCat("plan '", req->id(), "' not found"));
    ToProto(*plan, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PlanServiceImpl::ListPlans(grpc::CallbackServerContext* ctx, const v1::ListPlansRequest* req,
                                                     v1::ListPlansResponse* resp) {
  return ServeRead(ctx, ctx_.reads, [req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
    ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(req->person_id()));
    if (!known) return absl::NotFoundError(absl::StrCat("person '", req->person_id(), "' not found"));
    ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(req->person_id()));
    for (const core::LearningPlan& p : plans) ToProto(p, resp->add_plans());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PlanServiceImpl::SetPlanStatus(grpc::CallbackServerContext* ctx,
                                                         const v1::SetPlanStatusRequest* req, v1::LearningPlan* resp) {
  return ServeWrite(ctx, ctx_.writer,
                    [id = req->plan_id(), status = static_cast<core::PlanStatus>(req->status()), resp,
                     now = ctx_.now](core::Repositories& repos) -> absl::Status {
                      ASSIGN_OR_RETURN(core::LearningPlan plan, core::SetPlanStatus(repos, id, status, now()));
                      ToProto(plan, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* PlanServiceImpl::UpdateStep(grpc::CallbackServerContext* ctx,
                                                      const v1::UpdateStepRequest* req, v1::LearningPlan* resp) {
  return ServeWrite(ctx, ctx_.writer,
                    [id = req->plan_id(), seq = req->seq(), status = static_cast<core::StepStatus>(req->status()), resp,
                     now = ctx_.now](core::Repositories& repos) -> absl::Status {
                      ASSIGN_OR_RETURN(core::LearningPlan plan, core::UpdatePlanStep(repos, id, seq, status, now()));
                      ToProto(plan, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* PlanServiceImpl::GetTrainingDemand(grpc::CallbackServerContext* ctx,
                                                             const v1::GetTrainingDemandRequest*, v1::TrainingDemand*) {
  return ServeUnimplemented(ctx, "PlanService.GetTrainingDemand", "the next step of issue #4");
}

}  // namespace skillpath::services
