#include "api/plans/inbox.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/plans/plan_currency.h"
#include "core/currency/plan_currency.h"
#include "core/index/gap_queries.h"
#include "core/rules/validation.h"

namespace skillpath::services {

void AddPendingSteps(const core::LearningPlan& plan, const core::PersonState& person,
                     std::vector<std::pair<core::Time, v1::PendingConfirmation>>& out) {
  if (plan.status != core::PlanStatus::kApproved && plan.status != core::PlanStatus::kInProgress) return;
  for (const core::PlanStep& step : plan.steps) {
    if (step.status != core::StepStatus::kAwaitingConfirmation) continue;
    v1::PendingConfirmation m;
    m.set_plan_id(plan.id);
    m.set_person_id(person.id);
    m.set_person_name(person.name);
    ToProto(step, m.mutable_step());
    out.emplace_back(step.claimed_at, std::move(m));
  }
}

namespace {

// What one person adds to the inbox; `named` gets them when they appear.
struct InboxParts {
  std::vector<std::pair<core::Time, v1::InboxPlan>> proposed;
  std::vector<std::pair<core::Time, v1::PendingConfirmation>> pending;
  std::vector<v1::InboxPerson> without_plan;
  std::vector<std::pair<core::Time, v1::ExpiredRating>> expired;
  std::set<std::string> named;
};

void AddPerson(const core::IndexSnapshot& snapshot, const core::PersonState& person,
               const std::vector<core::LearningPlan>& plans, core::Time now, core::PersonGapResult& gap,
               InboxParts& parts) {
  bool has_open = false;
  const size_t named_before = parts.proposed.size() + parts.pending.size();
  for (const core::LearningPlan& plan : plans) {
    has_open |= core::IsOpenPlan(plan.status);
    if (plan.status == core::PlanStatus::kProposed) {
      v1::InboxPlan m;
      m.set_plan_id(plan.id);
      m.set_person_id(person.id);
      m.set_person_name(person.name);
      ToProto(plan.updated_at, m.mutable_proposed_at());
      m.set_step_count(static_cast<int32_t>(plan.steps.size()));
      m.set_total_hours(plan.total_hours);
      m.set_total_cost(plan.total_cost);
      parts.proposed.emplace_back(plan.updated_at, std::move(m));
    }
    AddPendingSteps(plan, person, parts.pending);
  }
  bool named = parts.proposed.size() + parts.pending.size() > named_before;
  if (person.active) {
    core::ComputeGapOf(snapshot, person, now, gap);
    const int unmet = gap.required_total - gap.required_met;
    if (unmet > 0 && !has_open) {
      v1::InboxPerson m;
      m.set_person_id(person.id);
      m.set_person_name(person.name);
      m.set_org_unit_id(snapshot.units->units[person.unit].id);
      m.set_required_unmet(unmet);
      parts.without_plan.push_back(std::move(m));
      named = true;
    }
    for (const core::ExpiredRating& e : core::ExpiredRatingsOf(person, gap, now)) {
      v1::ExpiredRating m;
      m.set_person_id(person.id);
      m.set_person_name(person.name);
      m.set_competence_id(snapshot.competences->ids[e.competence]);
      m.set_level(e.fact->level);
      m.set_source(static_cast<v1::AssessmentSource>(e.fact->source));
      ToProto(e.fact->expires_at, m.mutable_expired_at());
      parts.expired.emplace_back(e.fact->expires_at, std::move(m));
      named = true;
    }
  }
  if (named) parts.named.insert(person.id);
}

template <typename M>
void Oldest(std::vector<std::pair<core::Time, M>>& items, google::protobuf::RepeatedPtrField<M>* out) {
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, m] : items) *out->Add() = std::move(m);
}

}  // namespace

grpc::ServerUnaryReactor* ServeInbox(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                     const v1::GetInboxRequest* req, v1::Inbox* resp) {
  auto call = Call::Start(services, ctx, "skillpath.v1.PlanService/GetInbox", About::Unit(req->org_unit_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  if (absl::Status s = core::CheckOptionalId("org_unit_id", req->org_unit_id()); !s.ok()) return (*call)->Finish(s);
  const auto snapshot = (*call)->snapshot();
  // Nobody approves, confirms or plans for themselves here: the caller's
  // own plan and ratings are not in their inbox.
  const std::string self = (*call)->who().person_id;
  auto people = PeopleOf(*snapshot, req->org_unit_id(), [&](const core::PersonState& p) { return p.id != self; });
  if (!people.ok()) return (*call)->Finish(people.status());
  // Every plan of the unit's people is read: on a worker, stopping between
  // people once the call is cancelled or past its deadline.
  std::shared_ptr<Call> c = *call;
  grpc::ServerUnaryReactor* reactor = c->Defer();
  services.workers.Post([c, &services, snapshot, people = std::move(*people), req, resp, ctx, now = services.now()] {
    InboxParts parts;
    core::PersonGapResult gap;
    const absl::Status status = services.reads.With([&](core::Repositories& repos) -> absl::Status {
      for (const core::PersonState* person : people) {
        if (ctx->IsCancelled() || ctx->deadline() < std::chrono::system_clock::now()) {
          return absl::DeadlineExceededError(absl::StrCat("the inbox stopped after its deadline (", people.size(),
                                                          " people in scope); ask for a smaller unit"));
        }
        ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(person->id));
        AddPerson(*snapshot, *person, plans, now, gap, parts);
      }
      return absl::OkStatus();
    });
    if (status.ok()) {
      resp->set_org_unit_id(req->org_unit_id());
      Oldest(parts.proposed, resp->mutable_proposed());
      Oldest(parts.pending, resp->mutable_pending());
      std::sort(parts.without_plan.begin(), parts.without_plan.end(), [](const auto& a, const auto& b) {
        if (a.required_unmet() != b.required_unmet()) return a.required_unmet() > b.required_unmet();
        return a.person_name() != b.person_name() ? a.person_name() < b.person_name() : a.person_id() < b.person_id();
      });
      for (auto& m : parts.without_plan) *resp->add_without_plan() = std::move(m);
      Oldest(parts.expired, resp->mutable_expired());
    }
    c->AuditReads({parts.named.begin(), parts.named.end()}, status);
    c->Complete(status);
  });
  return reactor;
}

}  // namespace skillpath::services
