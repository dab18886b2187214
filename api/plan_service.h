#pragma once
// PlanService adapter: generating, saving and working through learning
// plans, and the training demand they add up to for HR.
#include "api/call/handler.h"
#include "skillpath/v1/plan.grpc.pb.h"

namespace skillpath::services {

class PlanServiceImpl final : public v1::PlanService::CallbackService {
 public:
  // Search nodes one plan may use before it settles for the best found.
  static constexpr long kNodeBudget = 200000;
  // The same for each of the many plans of a training-demand report.
  static constexpr long kBatchNodeBudget = 5000;

  explicit PlanServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* GeneratePlan(grpc::CallbackServerContext* ctx, const v1::GeneratePlanRequest* req,
                                         v1::LearningPlan* resp) override;
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                    v1::LearningPlan* resp) override;
  grpc::ServerUnaryReactor* ListPlans(grpc::CallbackServerContext* ctx, const v1::ListPlansRequest* req,
                                      v1::ListPlansResponse* resp) override;
  grpc::ServerUnaryReactor* SetPlanStatus(grpc::CallbackServerContext* ctx, const v1::SetPlanStatusRequest* req,
                                          v1::LearningPlan* resp) override;
  grpc::ServerUnaryReactor* UpdateStep(grpc::CallbackServerContext* ctx, const v1::UpdateStepRequest* req,
                                       v1::LearningPlan* resp) override;
  grpc::ServerUnaryReactor* ConfirmStep(grpc::CallbackServerContext* ctx, const v1::ConfirmStepRequest* req,
                                        v1::LearningPlan* resp) override;
  grpc::ServerUnaryReactor* ListPendingConfirmations(grpc::CallbackServerContext* ctx,
                                                     const v1::ListPendingConfirmationsRequest* req,
                                                     v1::ListPendingConfirmationsResponse* resp) override;
  grpc::ServerUnaryReactor* GetTrainingDemand(grpc::CallbackServerContext* ctx, const v1::GetTrainingDemandRequest* req,
                                              v1::TrainingDemand* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
