#pragma once
// PlanService's part of issue #14 item 3, plans that stay current: how a
// plan is answered (with whether it still fits its person), RegeneratePlan
// and GetOutOfDatePlanCount. The handlers live here so api/plan_service.cc
// stays one topic per file; PlanServiceImpl forwards to them.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "api/call/handler.h"
#include "core/index/read_index.h"
#include "core/model/plan_types.h"
#include "skillpath/v1/plan.pb.h"

namespace skillpath::services {

// The plan as PlanService answers it: its stored fields and, for an open
// plan, its currency from `index` as of `now`.
void AnswerPlan(const core::IndexSnapshot& index, const core::LearningPlan& plan, core::Time now,
                v1::LearningPlan* out);

// For a write that answers a plan: once the write has committed (the read
// index then holds it), adds the currency of `*plan` to `*out` from the
// index then current. Runs on the writer thread, before the answer goes.
std::function<void(const absl::Status&)> AnswerAfterCommit(const ServiceContext& services,
                                                           std::shared_ptr<const core::LearningPlan> plan,
                                                           v1::LearningPlan* out);

// The people of a unit's subtree (everyone for an empty id) that `keep`
// accepts, in index order; NOT_FOUND for an unknown unit.
absl::StatusOr<std::vector<const core::PersonState*>> PeopleOf(
    const core::IndexSnapshot& snapshot, const std::string& unit_id,
    const std::function<bool(const core::PersonState&)>& keep);

grpc::ServerUnaryReactor* ServeRegeneratePlan(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                              const v1::RegeneratePlanRequest* req, v1::LearningPlan* resp);
grpc::ServerUnaryReactor* ServeOutOfDatePlanCount(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                  const v1::GetOutOfDatePlanCountRequest* req,
                                                  v1::OutOfDatePlanCount* resp);

}  // namespace skillpath::services
