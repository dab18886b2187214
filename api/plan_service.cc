// PlanService adapter: generating, saving and working through learning
// plans, and the training demand they add up to for HR.

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/formats/plan_calendar.h"
#include "api/plans/inbox.h"
#include "api/plans/plan_currency.h"
#include "api/services.h"
#include "auth/token_cache.h"
#include "auth/tokens.h"
#include "core/currency/plan_currency.h"
#include "core/model/errors.h"
#include "core/plan/demand.h"
#include "core/plan/demand_planning.h"
#include "core/plan/person_plan.h"
#include "core/plan/planner.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "skillpath/v1/plan.grpc.pb.h"

namespace skillpath::services {
namespace {

// Search nodes one plan may use before it settles for the best found.
constexpr long kNodeBudget = 200000;
// The same for each of the many plans of a training-demand report.
constexpr long kBatchNodeBudget = 5000;

// Decides for the person a plan belongs to, found without loading the
// plan (the write that follows loads it). A plan that does not exist is
// refused like one out of reach.
absl::Status AllowPlan(Call& call, core::Repositories& repos, const std::string& plan_id, std::string action = "") {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, repos.plans.PlanOwner(plan_id));
  return call.Allow(About::Person(owner.value_or(""), std::move(action)));
}

// The name calendars show for a person's plans ("skillpath: Kari Nordmann").
std::string CalendarName(const core::IndexSnapshot& snapshot, const std::string& person_id) {
  auto p = snapshot.people.Find(person_id);
  return absl::StrCat("skillpath: ", p ? snapshot.people.Get(*p)->name : person_id);
}

// Revokes the person's live calendar feeds as of `now`; their ids go to
// `revoked` (for the token cache once the write is durable).
absl::Status RevokeFeeds(core::Repositories& repos, const std::string& person_id, core::Time now,
                         std::vector<std::string>& revoked) {
  ASSIGN_OR_RETURN(std::vector<core::TokenRecord> feeds,
                   repos.access.ListTokensOf(person_id, core::TokenKind::kCalendarFeed));
  for (core::TokenRecord& feed : feeds) {
    if (feed.revoked_at) continue;
    feed.revoked_at = now;
    RETURN_IF_ERROR(repos.access.PutToken(feed));
    revoked.push_back(feed.id);
  }
  return absl::OkStatus();
}

// The name of the person `person_id` as the call's snapshot knows it
// ("" for none): who said a comment.
std::string NameOf(const Call& call, const std::string& person_id) {
  if (person_id.empty()) return "";
  const core::IndexSnapshot& snapshot = *call.snapshot();
  auto p = snapshot.people.Find(person_id);
  return p ? snapshot.people.Get(*p)->name : "";
}

absl::Status CheckPerson(core::Repositories& repos, const std::string& person_id) {
  RETURN_IF_ERROR(core::CheckId("person_id", person_id));
  ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(person_id));
  if (!known) return absl::NotFoundError(absl::StrCat("person '", person_id, "' not found"));
  return absl::OkStatus();
}

// The organisation's work calendar for plans that start at `start`.
absl::StatusOr<core::WorkCalendar> CalendarFor(core::Repositories& repos, core::Time start) {
  ASSIGN_OR_RETURN(core::WorkCalendarSettings settings, repos.plans.GetWorkCalendar());
  return core::WorkCalendar::ForPlansFrom(settings, start);
}

class PlanServiceImpl final : public v1::PlanService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* GeneratePlan(Context* ctx, const v1::GeneratePlanRequest* req, v1::LearningPlan* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.PlanService/GeneratePlan", About::Person(req->person_id()));
    if (!call.ok()) return FinishWith(ctx, call.status());
    const core::Time now = services_.now();
    // The search runs here, on the caller's thread, from the call's snapshot
    // of the read index; only saving goes through the writer.
    const auto& snapshot = (*call)->snapshot();
    auto planned = [&]() -> absl::StatusOr<std::pair<core::PlanResult, core::PlanOptions>> {
      RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
      ASSIGN_OR_RETURN(core::PlanOptions options, FromProto(req->options(), now));
      std::set<std::string> completed;
      RETURN_IF_ERROR(services_.reads.With([&](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(completed, repos.plans.CompletedResources(req->person_id()));
        // Not asked for: the person's own hours a week, if they have some.
        if (req->options().weekly_hours() == 0) {
          ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(req->person_id()));
          if (person && person->weekly_hours > 0) options.weekly_hours = person->weekly_hours;
        }
        return absl::OkStatus();
      }));
      ASSIGN_OR_RETURN(core::PlanResult result,
                       core::PlanFor(*snapshot, req->person_id(), now, std::move(completed), options, kNodeBudget));
      return std::make_pair(std::move(result), options);
    }();
    if (!planned.ok()) return (*call)->Finish(planned.status());
    auto catalogue = snapshot->catalogue;
    auto [result, options] = std::move(*planned);

    if (!req->save()) {
      absl::Status s = services_.reads.With([&](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(core::SessionBookings bookings, repos.plans.Bookings());
        ASSIGN_OR_RETURN(const core::WorkCalendar calendar, CalendarFor(repos, options.start));
        ToProto(core::DatedPlan(req->person_id(), result, *catalogue, options, bookings, &calendar), resp);
        return absl::OkStatus();
      });
      return (*call)->Finish(s);
    }
    // Saving: seats are counted and taken inside the write, so two plans
    // saved at once cannot both take the last seat.
    return (*call)->Write([result = std::move(result), options, catalogue, person = req->person_id(), resp, now,
                           id = NewId(), snapshot](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(core::SessionBookings bookings, repos.plans.Bookings());
      ASSIGN_OR_RETURN(const core::WorkCalendar calendar, CalendarFor(repos, options.start));
      core::LearningPlan plan = core::DatedPlan(person, result, *catalogue, options, bookings, &calendar);
      plan.id = id;
      plan.status = core::PlanStatus::kDraft;
      plan.created_at = plan.updated_at = now;
      RETURN_IF_ERROR(repos.plans.PutPlan(plan));
      // Made from the call's snapshot, so current by it.
      AnswerPlan(*snapshot, plan, now, resp);
      return absl::OkStatus();
    });
  }

  Reactor* GetPlan(Context* ctx, const v1::GetRequest* req, v1::LearningPlan* resp) override {
    // Whose plan it is is known once it is loaded.
    return Read(ctx, "skillpath.v1.PlanService/GetPlan", About::Later(),
                [req, resp, now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::optional<core::LearningPlan> plan, repos.plans.FindPlan(req->id()));
                  // A plan that does not exist is refused like one out of reach.
                  RETURN_IF_ERROR(call.Allow(About::Person(plan ? plan->person_id : "")));
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  if (!plan) return absl::NotFoundError(absl::StrCat("plan '", req->id(), "' not found"));
                  AnswerPlan(*call.snapshot(), *plan, now(), resp);
                  return absl::OkStatus();
                });
  }

  Reactor* ListPlans(Context* ctx, const v1::ListPlansRequest* req, v1::ListPlansResponse* resp) override {
    return Read(ctx, "skillpath.v1.PlanService/ListPlans", About::Person(req->person_id()),
                [req, resp, now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("person_id", req->person_id()));
                  ASSIGN_OR_RETURN(bool known, repos.org.PersonExists(req->person_id()));
                  if (!known) return absl::NotFoundError(absl::StrCat("person '", req->person_id(), "' not found"));
                  ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(req->person_id()));
                  // The catalogue indexed and the person's gap computed once, not per plan.
                  core::PlanCurrencyChecker currency(*call.snapshot(), now());
                  for (const core::LearningPlan& p : plans) {
                    v1::LearningPlan* out = resp->add_plans();
                    ToProto(p, out);
                    ToProto(currency.Of(p), out);
                  }
                  return absl::OkStatus();
                });
  }

  Reactor* SetPlanStatus(Context* ctx, const v1::SetPlanStatusRequest* req, v1::LearningPlan* resp) override {
    auto saved = std::make_shared<core::LearningPlan>();
    return Write(
        ctx, "skillpath.v1.PlanService/SetPlanStatus", About::Later(),
        [id = req->plan_id(), status = static_cast<core::PlanStatus>(req->status()),
         action = v1::PlanStatus_Name(req->status()), comment = req->comment(), resp, saved,
         now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(AllowPlan(call, repos, id, action));
          const std::string& actor = call.who().person_id;
          ASSIGN_OR_RETURN(*saved, core::SetPlanStatus(repos, id, {status, actor, NameOf(call, actor), comment}, now()));
          ToProto(*saved, resp);
          return absl::OkStatus();
        },
        AnswerAfterCommit(services_, saved, resp));
  }

  Reactor* UpdateStep(Context* ctx, const v1::UpdateStepRequest* req, v1::LearningPlan* resp) override {
    auto saved = std::make_shared<core::LearningPlan>();
    return Write(
        ctx, "skillpath.v1.PlanService/UpdateStep", About::Later(),
        [id = req->plan_id(), seq = req->seq(), status = static_cast<core::StepStatus>(req->status()), resp, saved,
         now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(AllowPlan(call, repos, id));
          // Whether this is the learner's own word (a claim) or
          // their manager's (validated) is the caller's person.
          ASSIGN_OR_RETURN(*saved, core::UpdatePlanStep(repos, id, seq, status, call.who().person_id, now()));
          ToProto(*saved, resp);
          return absl::OkStatus();
        },
        // The levels the step recorded are in the index once committed.
        AnswerAfterCommit(services_, saved, resp));
  }

  Reactor* ConfirmStep(Context* ctx, const v1::ConfirmStepRequest* req, v1::LearningPlan* resp) override {
    auto saved = std::make_shared<core::LearningPlan>();
    return Write(
        ctx, "skillpath.v1.PlanService/ConfirmStep", About::Later(),
        [id = req->plan_id(), seq = req->seq(), accept = req->accept(), comment = req->comment(), resp, saved,
         now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(AllowPlan(call, repos, id, accept ? "ACCEPT" : "SEND_BACK"));
          ASSIGN_OR_RETURN(*saved, core::ConfirmPlanStep(repos, id, seq, accept, comment, call.who().person_id, now()));
          ToProto(*saved, resp);
          return absl::OkStatus();
        },
        AnswerAfterCommit(services_, saved, resp));
  }

  Reactor* AddPlanComment(Context* ctx, const v1::AddPlanCommentRequest* req, v1::LearningPlan* resp) override {
    auto saved = std::make_shared<core::LearningPlan>();
    return Write(
        ctx, "skillpath.v1.PlanService/AddPlanComment", About::Later(),
        [id = req->plan_id(), text = req->text(), resp, saved,
         now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(AllowPlan(call, repos, id));
          const std::string& author = call.who().person_id;
          ASSIGN_OR_RETURN(*saved, core::AddPlanComment(repos, id, author, NameOf(call, author), text, now()));
          ToProto(*saved, resp);
          return absl::OkStatus();
        },
        AnswerAfterCommit(services_, saved, resp));
  }

  // Issue #15 item 1: api/inbox.h.
  Reactor* GetInbox(Context* ctx, const v1::GetInboxRequest* req, v1::Inbox* resp) override {
    return ServeInbox(services_, ctx, req, resp);
  }

  // Issue #14 item 3: api/plan_currency.h.
  Reactor* RegeneratePlan(Context* ctx, const v1::RegeneratePlanRequest* req, v1::LearningPlan* resp) override {
    return ServeRegeneratePlan(services_, ctx, req, resp);
  }
  Reactor* GetOutOfDatePlanCount(Context* ctx, const v1::GetOutOfDatePlanCountRequest* req,
                                 v1::OutOfDatePlanCount* resp) override {
    return ServeOutOfDatePlanCount(services_, ctx, req, resp);
  }

  Reactor* ListPendingConfirmations(Context* ctx, const v1::ListPendingConfirmationsRequest* req,
                                    v1::ListPendingConfirmationsResponse* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.PlanService/ListPendingConfirmations",
                            About::Unit(req->org_unit_id()));
    if (!call.ok()) return FinishWith(ctx, call.status());
    std::set<std::string> named;
    absl::Status s = [&]() -> absl::Status {
      RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req->org_unit_id()));
      const auto& snapshot = (*call)->snapshot();
      // Nobody confirms their own step, so the caller's own are not listed.
      ASSIGN_OR_RETURN(std::vector<const core::PersonState*> people,
                       PeopleOf(*snapshot, req->org_unit_id(),
                                [&](const core::PersonState& p) { return p.id != (*call)->who().person_id; }));
      std::vector<std::pair<core::Time, v1::PendingConfirmation>> pending;
      RETURN_IF_ERROR(services_.reads.With([&](core::Repositories& repos) -> absl::Status {
        for (const core::PersonState* person : people) {
          ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(person->id));
          const size_t before = pending.size();
          for (const core::LearningPlan& plan : plans) AddPendingSteps(plan, *person, pending);
          if (pending.size() > before) named.insert(person->id);
        }
        return absl::OkStatus();
      }));
      std::stable_sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& [at, m] : pending) *resp->add_pending() = std::move(m);
      return absl::OkStatus();
    }();
    (*call)->AuditReads({named.begin(), named.end()}, s);
    return (*call)->Finish(s);
  }

  Reactor* GetPlanCalendar(Context* ctx, const v1::GetRequest* req, v1::CalendarFile* resp) override {
    // GetPlan's access and audit: whose plan it is is known once it is loaded.
    return Read(ctx, "skillpath.v1.PlanService/GetPlanCalendar", About::Later(),
                [req, resp, now = services_.now](Call& call, core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::optional<core::LearningPlan> plan, repos.plans.FindPlan(req->id()));
                  RETURN_IF_ERROR(call.Allow(About::Person(plan ? plan->person_id : "")));
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  if (!plan) return absl::NotFoundError(absl::StrCat("plan '", req->id(), "' not found"));
                  const core::IndexSnapshot& snapshot = *call.snapshot();
                  resp->set_content(formats::WriteCalendar({CalendarName(snapshot, plan->person_id), false},
                                                           formats::PlanEvents(*plan, *snapshot.catalogue), now()));
                  resp->set_file_name(formats::CalendarFileName(plan->id));
                  return absl::OkStatus();
                });
  }

  Reactor* CreateCalendarFeed(Context* ctx, const v1::CalendarFeedRequest* req, v1::CalendarFeed* resp) override {
    auto revoked = std::make_shared<std::vector<std::string>>();
    TokenCache& cache = services_.tokens;
    return Write(
        ctx, "skillpath.v1.PlanService/CreateCalendarFeed", About::Person(req->person_id()),
        [person = req->person_id(), resp, revoked, now = services_.now()](core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(CheckPerson(repos, person));
          // One live feed per person: the new secret replaces the old.
          RETURN_IF_ERROR(RevokeFeeds(repos, person, now, *revoked));
          ASSIGN_OR_RETURN(MintedToken feed, MintCalendarFeed(person, now));
          RETURN_IF_ERROR(repos.access.PutToken(feed.record));
          resp->set_person_id(person);
          resp->set_feed_id(feed.record.id);
          resp->set_path(absl::StrCat("/calendar/", feed.token, ".ics"));
          resp->set_secret(std::move(feed.token));
          return absl::OkStatus();
        },
        [&cache, revoked](const absl::Status&) {
          for (const std::string& id : *revoked) cache.Forget(id);
        });
  }

  Reactor* RevokeCalendarFeed(Context* ctx, const v1::CalendarFeedRequest* req,
                              v1::RevokeCalendarFeedResponse* resp) override {
    auto revoked = std::make_shared<std::vector<std::string>>();
    TokenCache& cache = services_.tokens;
    return Write(
        ctx, "skillpath.v1.PlanService/RevokeCalendarFeed", About::Person(req->person_id()),
        [person = req->person_id(), resp, revoked, now = services_.now()](core::Repositories& repos) -> absl::Status {
          RETURN_IF_ERROR(CheckPerson(repos, person));
          RETURN_IF_ERROR(RevokeFeeds(repos, person, now, *revoked));
          resp->set_revoked(!revoked->empty());
          return absl::OkStatus();
        },
        // Dropped from the cache once the revocation is durable: the feed's
        // next fetch after this answer is refused.
        [&cache, revoked](const absl::Status&) {
          for (const std::string& id : *revoked) cache.Forget(id);
        });
  }

  Reactor* GetCalendarFeed(Context* ctx, const v1::GetCalendarFeedRequest*, v1::CalendarFile* resp) override {
    auto call = Call::Start(services_, ctx, "skillpath.v1.PlanService/GetCalendarFeed", About::Later());
    if (!call.ok()) return FinishWith(ctx, call.status());
    // Always the caller's own plans: a feed's secret, or a person's token.
    const std::string person = (*call)->who().person_id;
    if (absl::Status s = (*call)->Allow(About::Person(person)); !s.ok()) return (*call)->Finish(s);
    return (*call)->Read([call = *call, person, resp, now = services_.now()](core::Repositories& repos) -> absl::Status {
      ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(person));
      const core::IndexSnapshot& snapshot = *call->snapshot();
      std::vector<formats::CalendarEvent> events;
      for (const core::LearningPlan& plan : plans) {
        if (plan.status != core::PlanStatus::kApproved && plan.status != core::PlanStatus::kInProgress) continue;
        for (formats::CalendarEvent& e : formats::PlanEvents(plan, *snapshot.catalogue)) events.push_back(std::move(e));
      }
      resp->set_content(formats::WriteCalendar({CalendarName(snapshot, person), true}, events, now));
      resp->set_file_name(formats::CalendarFileName(person));
      return absl::OkStatus();
    });
  }

  Reactor* GetTrainingDemand(Context* ctx, const v1::GetTrainingDemandRequest* req, v1::TrainingDemand* resp) override {
    auto started_call = Call::Start(services_, ctx, "skillpath.v1.PlanService/GetTrainingDemand", About::Nothing());
    if (!started_call.ok()) return FinishWith(ctx, started_call.status());
    std::shared_ptr<Call> call = *started_call;
    // What the planning on the workers shares: inputs, drafts, and how many
    // parts are still running. Plans and seats follow core/plan/demand_planning.h.
    struct Job {
      std::shared_ptr<const core::IndexSnapshot> snapshot;
      core::Time now = 0;
      core::PlanOptions options;
      core::SessionBookings bookings;
      core::WorkCalendar calendar;
      std::vector<core::DemandMember> members;
      std::vector<core::DemandDraft> drafts;
      std::atomic<size_t> parts_left{0};
      std::atomic<bool> stopped{false};
      std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };
    auto job = std::make_shared<Job>();
    absl::Status s = [&]() -> absl::Status {
      job->now = services_.now();
      RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req->org_unit_id()));
      RETURN_IF_ERROR(core::CheckRange("budget", req->budget(), 0, core::kMaxCost));
      ASSIGN_OR_RETURN(job->options, FromProto(req->options(), job->now));
      job->snapshot = services_.index.Current();
      ASSIGN_OR_RETURN(
          std::vector<const core::PersonState*> people,
          PeopleOf(*job->snapshot, req->org_unit_id(), [](const core::PersonState& p) { return p.active; }));
      std::sort(people.begin(), people.end(),
                [](const core::PersonState* a, const core::PersonState* b) { return a->id < b->id; });
      job->members.resize(people.size());
      return services_.reads.With([&](core::Repositories& repos) -> absl::Status {
        ASSIGN_OR_RETURN(job->bookings, repos.plans.Bookings());
        ASSIGN_OR_RETURN(job->calendar, CalendarFor(repos, job->options.start));
        for (size_t i = 0; i < people.size(); ++i) {
          core::DemandMember& m = job->members[i];
          m.person = people[i];
          ASSIGN_OR_RETURN(std::vector<core::LearningPlan> plans, repos.plans.ListPlans(people[i]->id));
          m.saved = core::ActivePlan(std::move(plans));
          if (!m.saved) {
            ASSIGN_OR_RETURN(m.completed, repos.plans.CompletedResources(people[i]->id));
            if (req->options().weekly_hours() == 0) {
              ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(people[i]->id));
              if (person) m.weekly_hours = person->weekly_hours;
            }
          }
        }
        return absl::OkStatus();
      });
    }();
    if (!s.ok()) {
      call->AuditReads({}, s);
      return call->Finish(s);
    }
    // Goals and fresh plans in parts on the workers (the snapshot is
    // immutable); the last part to end seats them in order and answers.
    grpc::ServerUnaryReactor* reactor = call->Defer();
    job->drafts.resize(job->members.size());
    const size_t parts = std::max<size_t>(1, std::min(services_.workers.threads(), job->members.size()));
    job->parts_left = parts;
    auto finish = [job, call, ctx, req, resp] {
      absl::Status status = absl::OkStatus();
      if (job->stopped || ctx->IsCancelled() || ctx->deadline() < std::chrono::system_clock::now()) {
        status = absl::DeadlineExceededError(
            absl::StrCat("training demand stopped after its deadline (", job->members.size(),
                         " people in scope); ask for a smaller unit or a longer deadline"));
      } else {
        core::FinishedDemand finished = core::FinishDemand(job->members, job->drafts, *job->snapshot->catalogue,
                                                           job->options, std::move(job->bookings), req->budget(),
                                                           &job->calendar);
        spdlog::info(
            "training demand for '{}': {} people, {} fresh plans, {} ms", req->org_unit_id(), job->members.size(),
            finished.fresh_plans,
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - job->started)
                .count());
        ToProto(finished.demand, req->budget() > 0, resp);
        std::map<std::string, std::string> names;
        for (const core::DemandMember& m : job->members) names[m.person->id] = m.person->name;
        if (resp->has_allocation()) {
          for (auto* list :
               {resp->mutable_allocation()->mutable_funded(), resp->mutable_allocation()->mutable_unfunded()}) {
            for (v1::FundedStep& f : *list) f.set_person_name(names[f.person_id()]);
          }
        }
      }
      // The answer names people (cohorts, allocation): each is a read of theirs.
      std::set<std::string> named;
      for (const v1::ResourceDemand& r : resp->resources()) {
        for (const v1::Cohort& c : r.cohorts()) named.insert(c.person_ids().begin(), c.person_ids().end());
      }
      for (const v1::FundedStep& f : resp->allocation().funded()) named.insert(f.person_id());
      for (const v1::FundedStep& f : resp->allocation().unfunded()) named.insert(f.person_id());
      call->AuditReads({named.begin(), named.end()}, status);
      call->Complete(status);
    };
    const size_t n = job->members.size();
    for (size_t p = 0; p < parts; ++p) {
      services_.workers.Post([job, ctx, finish, from = p * n / parts, to = (p + 1) * n / parts] {
        // A call past its deadline (or cancelled) stops between people: its
        // answer would reach nobody.
        for (size_t i = from; i < to && !job->stopped; ++i) {
          if (ctx->IsCancelled() || ctx->deadline() < std::chrono::system_clock::now()) {
            job->stopped = true;
            break;
          }
          job->drafts[i] = core::DraftDemand(*job->snapshot, job->members[i], job->options, job->now, kBatchNodeBudget);
        }
        if (--job->parts_left == 0) finish();
      });
    }
    return reactor;
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewPlanService(ServiceContext services) {
  return std::make_unique<PlanServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
