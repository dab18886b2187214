#pragma once
// PlanService.GetInbox (issue #15 item 1): what waits for a manager or HR
// in a unit's subtree — plans PROPOSED, steps AWAITING_CONFIRMATION, active
// people with a REQUIRED gap and no open plan, and target competences whose
// validated rating expired. PlanServiceImpl forwards to it.

#include <grpcpp/grpcpp.h>

#include <utility>
#include <vector>

#include "api/call/handler.h"
#include "core/index/read_index.h"
#include "core/model/plan_types.h"
#include "skillpath/v1/plan.pb.h"

namespace skillpath::services {

// A plan's steps AWAITING_CONFIRMATION (when the plan is APPROVED or
// IN_PROGRESS) as the confirmations to list, each with its claim time.
void AddPendingSteps(const core::LearningPlan& plan, const core::PersonState& person,
                     std::vector<std::pair<core::Time, v1::PendingConfirmation>>& out);

grpc::ServerUnaryReactor* ServeInbox(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                     const v1::GetInboxRequest* req, v1::Inbox* resp);

}  // namespace skillpath::services
