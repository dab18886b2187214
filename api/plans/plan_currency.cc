#include "api/plans/plan_currency.h"

#include <chrono>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "core/currency/plan_currency.h"
#include "core/currency/regenerate.h"
#include "core/model/errors.h"
#include "core/plan/person_plan.h"
#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

// Search nodes the new plan may use (as GeneratePlan's).
constexpr long kNodeBudget = 200000;

}  // namespace

void AnswerPlan(const core::IndexSnapshot& index, const core::LearningPlan& plan, core::Time now,
                v1::LearningPlan* out) {
  ToProto(plan, out);
  ToProto(core::PlanCurrencyOf(index, plan, now), out);
}

std::function<void(const absl::Status&)> AnswerAfterCommit(const ServiceContext& services,
                                                           std::shared_ptr<const core::LearningPlan> plan,
                                                           v1::LearningPlan* out) {
  return [index = &services.index, clock = services.now, plan = std::move(plan), out](const absl::Status& s) {
    if (s.ok()) ToProto(core::PlanCurrencyOf(*index->Current(), *plan, clock()), out);
  };
}

absl::StatusOr<std::vector<const core::PersonState*>> PeopleOf(
    const core::IndexSnapshot& snapshot, const std::string& unit_id,
    const std::function<bool(const core::PersonState&)>& keep) {
  const core::UnitTable& units = *snapshot.units;
  std::vector<bool> in_scope(units.units.size(), true);
  if (!unit_id.empty()) {
    auto unit = units.Find(unit_id);
    if (!unit) return absl::NotFoundError(absl::StrCat("org unit '", unit_id, "' not found"));
    in_scope = units.Subtree(*unit);
  }
  std::vector<const core::PersonState*> people;
  for (uint32_t i = 0; i < snapshot.people.size(); ++i) {
    const core::PersonState* p = snapshot.people.Get(i);
    if (p && in_scope[p->unit] && keep(*p)) people.push_back(p);
  }
  return people;
}

grpc::ServerUnaryReactor* ServeRegeneratePlan(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                              const v1::RegeneratePlanRequest* req, v1::LearningPlan* resp) {
  auto call = Call::Start(services, ctx, "skillpath.v1.PlanService/RegeneratePlan", About::Later());
  if (!call.ok()) return FinishWith(ctx, call.status());
  const core::Time now = services.now();
  const auto& snapshot = (*call)->snapshot();
  // As GeneratePlan: the plan is read and the search runs here, from the
  // call's snapshot; only saving goes through the writer, which checks
  // that the plan did not change meanwhile.
  struct Planned {
    core::Regeneration prepared;
    core::PlanResult result;
  };
  auto planned = [&]() -> absl::StatusOr<std::shared_ptr<const Planned>> {
    std::optional<core::LearningPlan> plan;
    std::set<std::string> completed;
    RETURN_IF_ERROR(services.reads.With([&](core::Repositories& repos) -> absl::Status {
      // A plan that does not exist is refused like one out of reach.
      ASSIGN_OR_RETURN(std::optional<std::string> owner, repos.plans.PlanOwner(req->plan_id()));
      RETURN_IF_ERROR((*call)->Allow(About::Person(owner.value_or(""))));
      RETURN_IF_ERROR(core::CheckId("plan_id", req->plan_id()));
      ASSIGN_OR_RETURN(plan, repos.plans.FindPlan(req->plan_id()));
      if (!plan) return absl::NotFoundError(absl::StrCat("plan '", req->plan_id(), "' not found"));
      ASSIGN_OR_RETURN(completed, repos.plans.CompletedResources(plan->person_id));
      return absl::OkStatus();
    }));
    auto person = snapshot->people.Find(plan->person_id);
    if (!person) return absl::NotFoundError(absl::StrCat("person '", plan->person_id, "' not found"));
    auto out = std::make_shared<Planned>();
    ASSIGN_OR_RETURN(out->prepared,
                     core::PrepareRegeneration(*plan, core::PersonNowOf(*snapshot, *snapshot->people.Get(*person), now, &*plan),
                                               std::move(completed), *snapshot->catalogue, now));
    out->result =
        core::SearchPlan(*snapshot, out->prepared.goals, out->prepared.completed, out->prepared.options, kNodeBudget);
    return out;
  }();
  if (!planned.ok()) return (*call)->Finish(planned.status());
  auto saved = std::make_shared<core::LearningPlan>();
  return (*call)->Write(
      [planned = *planned, catalogue = snapshot->catalogue, id = req->plan_id(), new_id = NewId(), now, saved,
       resp](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(
            *saved, core::SaveRegeneration(repos, id, planned->prepared, planned->result, *catalogue, new_id, now));
        ToProto(*saved, resp);
        return absl::OkStatus();
      },
      AnswerAfterCommit(services, saved, resp));
}

grpc::ServerUnaryReactor* ServeOutOfDatePlanCount(ServiceContext& services, grpc::CallbackServerContext* ctx,
                                                  const v1::GetOutOfDatePlanCountRequest* req,
                                                  v1::OutOfDatePlanCount* resp) {
  auto call =
      Call::Start(services, ctx, "skillpath.v1.PlanService/GetOutOfDatePlanCount", About::Unit(req->org_unit_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  if (absl::Status s = core::CheckOptionalId("org_unit_id", req->org_unit_id()); !s.ok()) return (*call)->Finish(s);
  const auto snapshot = (*call)->snapshot();
  auto people = PeopleOf(*snapshot, req->org_unit_id(), [](const core::PersonState& p) { return p.active; });
  if (!people.ok()) return (*call)->Finish(people.status());
  // Figures only: no person is named in the answer. A count reads every
  // plan of the unit's people: on a worker, not the call's thread, and it
  // stops between people once the call is cancelled or past its deadline.
  std::shared_ptr<Call> c = *call;
  grpc::ServerUnaryReactor* reactor = c->Defer();
  services.workers.Post([c, &services, snapshot, people = std::move(*people), req, resp, ctx, now = services.now()] {
    int open = 0, out_of_date = 0;
    core::PlanCurrencyChecker checker(*snapshot, now);  // the catalogue indexed once for the count
    const absl::Status status = services.reads.With([&](core::Repositories& repos) -> absl::Status {
      for (const core::PersonState* person : people) {
        if (ctx->IsCancelled() || ctx->deadline() < std::chrono::system_clock::now()) {
          return absl::DeadlineExceededError(absl::StrCat("the count stopped after its deadline (", people.size(),
                                                          " people in scope); ask for a smaller unit"));
        }
        ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(person->id));
        for (const core::LearningPlan& plan : plans) {
          if (!core::IsOpenPlan(plan.status)) continue;
          ++open;
          if (checker.Of(plan).out_of_date()) ++out_of_date;
        }
      }
      return absl::OkStatus();
    });
    if (status.ok()) {
      resp->set_org_unit_id(req->org_unit_id());
      resp->set_open_plans(open);
      resp->set_out_of_date_plans(out_of_date);
      resp->set_people(static_cast<int32_t>(people.size()));
    }
    c->Complete(status);
  });
  return reactor;
}

}  // namespace skillpath::services
