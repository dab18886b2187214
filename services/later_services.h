#pragma once
// PlanService as declared in the contract. Every method
// answers UNIMPLEMENTED naming the issue that brings it, so clients see a
// precise answer instead of a generic one.
#include "services/handler.h"
#include "skillpath/v1/plan.grpc.pb.h"

namespace skillpath::services {

class PlanServiceImpl final : public v1::PlanService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GeneratePlan(grpc::CallbackServerContext* ctx, const v1::GeneratePlanRequest*,
                                         v1::LearningPlan*) override {
    return ServeUnimplemented(ctx, "PlanService.GeneratePlan", kIssue);
  }
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* ctx, const v1::GetRequest*,
                                    v1::LearningPlan*) override {
    return ServeUnimplemented(ctx, "PlanService.GetPlan", kIssue);
  }
  grpc::ServerUnaryReactor* ListPlans(grpc::CallbackServerContext* ctx, const v1::ListPlansRequest*,
                                      v1::ListPlansResponse*) override {
    return ServeUnimplemented(ctx, "PlanService.ListPlans", kIssue);
  }
  grpc::ServerUnaryReactor* SetPlanStatus(grpc::CallbackServerContext* ctx, const v1::SetPlanStatusRequest*,
                                          v1::LearningPlan*) override {
    return ServeUnimplemented(ctx, "PlanService.SetPlanStatus", kIssue);
  }
  grpc::ServerUnaryReactor* UpdateStep(grpc::CallbackServerContext* ctx, const v1::UpdateStepRequest*,
                                       v1::LearningPlan*) override {
    return ServeUnimplemented(ctx, "PlanService.UpdateStep", kIssue);
  }
  grpc::ServerUnaryReactor* GetTrainingDemand(grpc::CallbackServerContext* ctx, const v1::GetTrainingDemandRequest*,
                                              v1::TrainingDemand*) override {
    return ServeUnimplemented(ctx, "PlanService.GetTrainingDemand", kIssue);
  }

 private:
  static constexpr const char* kIssue = "issue #4 (learning plans and training demand)";
};

}  // namespace skillpath::services
