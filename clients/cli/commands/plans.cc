// skillpath plan|demand: learning plans and training demand.
#include <google/protobuf/util/time_util.h>

#include <fstream>
#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/commands/plan_options.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

// The plan as JSON (--json) or as a dated timeline.
void PrintPlan(const Client& c, const v1::LearningPlan& p) {
  if (PrintedJson(c, p)) return;
  std::cout << (p.id().empty() ? std::string("Plan (not saved)") : "Plan " + p.id()) << " for " << p.person_id();
  if (p.status() != v1::PLAN_STATUS_UNSPECIFIED) std::cout << " - " << v1::PlanStatus_Name(p.status());
  std::cout << "\n" << Number(p.total_hours()) << " hours, " << Money(p.total_cost()) << " kr, "
            << Number(p.options().weekly_hours()) << " hours a week"
            << (p.optimal() ? "" : " (best found within the search budget; may not be optimal)")
            << (p.schedule_optimal() || p.steps_size() == 0 ? "" : "; order and dates by a heuristic, not proven earliest")
            << "\n";
  if (!p.replaces_plan_id().empty()) std::cout << "Replaces plan " << p.replaces_plan_id() << "\n";
  if (!p.replaced_by_plan_id().empty()) std::cout << "Replaced by plan " << p.replaced_by_plan_id() << "\n";
  if (p.out_of_date()) {
    std::cout << "OUT OF DATE: the person's levels or targets have changed since it was made; make it again with "
                 "`skillpath plan regenerate "
              << p.id() << "`\n";
  }
  std::cout << "\n";
  if (p.steps_size() == 0) std::cout << "Nothing to learn: every target is met.\n";
  for (const auto& s : p.steps()) {
    std::cout << std::setw(2) << s.seq() << ". " << Date(s.planned_start()) << " - " << Date(s.planned_end()) << "  "
              << s.title() << " [" << s.resource_id() << "]";
    if (!s.session_id().empty()) std::cout << " session " << s.session_id();
    if (s.status() == v1::AWAITING_CONFIRMATION) {
      std::cout << "  (AWAITING_CONFIRMATION since " << Date(s.claimed_at())
                << ": the manager or HR confirms it with `plan confirm`)";
    } else if (s.status() != v1::PLANNED && s.status() != v1::STEP_STATUS_UNSPECIFIED) {
      std::cout << "  (" << v1::StepStatus_Name(s.status()) << ")";
    }
    if (s.no_longer_needed()) std::cout << "  NO LONGER NEEDED";
    std::cout << "\n      " << s.rationale() << "\n";
    if (s.no_longer_needed()) std::cout << "      - " << s.currency_reason() << "\n";
    if (!s.problem().empty()) std::cout << "      ! " << s.problem() << "\n";
    if (!s.comment().empty()) std::cout << "      > " << s.comment() << "\n";
  }
  if (p.uncovered_size()) {
    std::cout << "\nNot covered:\n";
    for (const auto& u : p.uncovered()) {
      std::cout << "  " << u.competence_id() << ": target " << u.target_level() << ", reaches " << u.reachable_level()
                << " - " << u.reason() << "\n";
    }
  }
  if (p.comments_size()) {
    std::cout << "\nComments:\n";
    for (const auto& m : p.comments()) {
      std::cout << "  " << Date(m.at()) << " " << (m.author_name().empty() ? "(unknown)" : m.author_name());
      if (m.status() == v1::DRAFT) std::cout << " sent it back";
      else if (m.status() != v1::PLAN_STATUS_UNSPECIFIED) std::cout << " (" << v1::PlanStatus_Name(m.status()) << ")";
      std::cout << ": " << m.text() << "\n";
    }
  }
  if (p.not_enough_size()) {
    std::cout << "\nNo longer enough:\n";
    for (const auto& n : p.not_enough()) {
      std::cout << "  " << n.competence_id() << ": needs " << n.needed_level() << ", the plan reaches "
                << n.planned_level() << " - " << n.reason() << "\n";
    }
  }
}

void PlanGenerate(Client& c, const std::string& person, const PlanArgs& a) {
  v1::GeneratePlanRequest req;
  req.set_person_id(person);
  req.set_save(a.save);
  FillOptions(a, req.mutable_options());
  PrintPlan(c, c.Call(c.plans(), &v1::PlanService::Stub::GeneratePlan, req, "GeneratePlan"));
}

void PlanShow(Client& c, const std::string& id) {
  PrintPlan(c, c.Call(c.plans(), &v1::PlanService::Stub::GetPlan, ById(id), "GetPlan"));
}

void PlanList(Client& c, const std::string& person) {
  v1::ListPlansRequest req;
  req.set_person_id(person);
  const auto resp = c.Call(c.plans(), &v1::PlanService::Stub::ListPlans, req, "ListPlans");
  if (PrintedJson(c, resp)) return;
  Table t({"ID", "STATUS", "STEPS", "DONE", "HOURS", "COST", "CREATED", "CURRENT"});
  for (const auto& p : resp.plans()) {
    int done = 0;
    for (const auto& s : p.steps()) done += s.status() == v1::DONE;
    const bool open = p.status() == v1::DRAFT || p.status() == v1::PROPOSED || p.status() == v1::APPROVED ||
                      p.status() == v1::IN_PROGRESS;
    std::string current;  // closed plans are not judged
    if (open) current = p.out_of_date() ? "OUT OF DATE" : "yes";
    t.Add({p.id(), v1::PlanStatus_Name(p.status()), std::to_string(p.steps_size()), std::to_string(done),
           Number(p.total_hours()), Money(p.total_cost()), Date(p.created_at()), current});
  }
  t.Print(std::cout);
}

void PlanStatus(Client& c, const std::string& id, const std::string& status, const std::string& comment) {
  v1::SetPlanStatusRequest req;
  req.set_plan_id(id);
  req.set_comment(comment);
  v1::PlanStatus st;
  if (!v1::PlanStatus_Parse(Upper(status), &st) || st == v1::PLAN_STATUS_UNSPECIFIED) {
    throw Failure{"STATUS: '" + status + "' is not one of draft, proposed, approved, in_progress, completed, cancelled"};
  }
  req.set_status(st);
  const auto p = c.Call(c.plans(), &v1::PlanService::Stub::SetPlanStatus, req, "SetPlanStatus");
  if (PrintedJson(c, p)) return;
  std::cout << "plan " << p.id() << " is now " << v1::PlanStatus_Name(p.status()) << "\n";
}

void PlanComment(Client& c, const std::string& id, const std::string& text) {
  v1::AddPlanCommentRequest req;
  req.set_plan_id(id);
  req.set_text(text);
  const auto p = c.Call(c.plans(), &v1::PlanService::Stub::AddPlanComment, req, "AddPlanComment");
  if (PrintedJson(c, p)) return;
  std::cout << "plan " << p.id() << " has " << p.comments_size() << " comment" << (p.comments_size() == 1 ? "" : "s")
            << "\n";
}

void PlanStep(Client& c, const std::string& id, int seq, const std::string& status) {
  v1::UpdateStepRequest req;
  req.set_plan_id(id);
  req.set_seq(seq);
  v1::StepStatus st;
  if (!v1::StepStatus_Parse(Upper(status), &st) || st == v1::STEP_STATUS_UNSPECIFIED || st == v1::PLANNED) {
    throw Failure{"STATUS: '" + status + "' is not one of started, done, skipped"};
  }
  req.set_status(st);
  const auto p = c.Call(c.plans(), &v1::PlanService::Stub::UpdateStep, req, "UpdateStep");
  if (PrintedJson(c, p)) return;
  std::cout << "step " << seq << " is " << v1::StepStatus_Name(p.steps(seq - 1).status()) << "; plan " << p.id()
            << " is " << v1::PlanStatus_Name(p.status()) << "\n";
  if (p.steps(seq - 1).status() == v1::AWAITING_CONFIRMATION) {
    std::cout << "your manager or HR confirms it (skillpath plan confirm " << p.id() << " " << seq << ")\n";
  }
}

// A new DRAFT from the person's levels now; the old plan is cancelled.
void PlanRegenerate(Client& c, const std::string& id) {
  v1::RegeneratePlanRequest req;
  req.set_plan_id(id);
  const auto p = c.Call(c.plans(), &v1::PlanService::Stub::RegeneratePlan, req, "RegeneratePlan");
  if (PrintedJson(c, p)) return;
  PrintPlan(c, p);
  std::cout << "\nplan " << id << " is now CANCELLED (replaced by " << p.id() << ")\n";
}

// HR's (or a manager's) count of open plans that are out of date.
void PlanOutOfDate(Client& c, const std::string& unit) {
  v1::GetOutOfDatePlanCountRequest req;
  req.set_org_unit_id(unit);
  const auto n = c.Call(c.plans(), &v1::PlanService::Stub::GetOutOfDatePlanCount, req, "GetOutOfDatePlanCount");
  if (PrintedJson(c, n)) return;
  std::cout << n.out_of_date_plans() << " of " << n.open_plans() << " open plans are out of date ("
            << (unit.empty() ? std::string("the whole organisation") : "unit " + unit) << ", " << n.people()
            << " people)\n";
}

void PlanConfirm(Client& c, const std::string& id, int seq, bool reject, const std::string& comment) {
  v1::ConfirmStepRequest req;
  req.set_plan_id(id);
  req.set_seq(seq);
  req.set_accept(!reject);
  req.set_comment(comment);
  const auto p = c.Call(c.plans(), &v1::PlanService::Stub::ConfirmStep, req, "ConfirmStep");
  if (PrintedJson(c, p)) return;
  std::cout << "step " << seq << (reject ? " sent back" : " confirmed") << ": it is "
            << v1::StepStatus_Name(p.steps(seq - 1).status()) << "; plan " << p.id() << " is "
            << v1::PlanStatus_Name(p.status()) << "\n";
}

void PlanPending(Client& c, const std::string& unit) {
  v1::ListPendingConfirmationsRequest req;
  req.set_org_unit_id(unit);
  const auto resp =
      c.Call(c.plans(), &v1::PlanService::Stub::ListPendingConfirmations, req, "ListPendingConfirmations");
  if (PrintedJson(c, resp)) return;
  if (resp.pending_size() == 0) {
    std::cout << "Nothing awaits confirmation.\n";
    return;
  }
  Table t({"SINCE", "PERSON", "NAME", "PLAN", "SEQ", "STEP", "LEVELS"});
  for (const auto& w : resp.pending()) {
    std::string levels;
    for (const auto& ch : w.step().changes()) {
      levels += (levels.empty() ? "" : ", ") + ch.competence_id() + " " + std::to_string(ch.from_level()) + "->" +
                std::to_string(ch.to_level());
    }
    t.Add({Date(w.step().claimed_at()), w.person_id(), w.person_name(), w.plan_id(), std::to_string(w.step().seq()),
           Shorten(w.step().title(), 40), levels});
  }
  t.Print(std::cout);
  std::cout << "\nconfirm: skillpath plan confirm PLAN SEQ; send back: add --reject --comment \"why\"\n";
}

// The plan as an .ics file (RFC 5545) on stdout, or in `file`.
void PlanIcs(Client& c, const std::string& id, const std::string& file) {
  const auto cal = c.Call(c.plans(), &v1::PlanService::Stub::GetPlanCalendar, ById(id), "GetPlanCalendar");
  if (PrintedJson(c, cal)) return;
  if (file.empty() || file == "-") {
    std::cout << cal.content();
    return;
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << cal.content();
  out.close();
  if (!out) throw Failure{"cannot write " + file};
  std::cerr << "wrote " << file << " (" << cal.content().size() << " bytes)\n";
}

// The person whose feed it is: PERSON, or the caller's own.
std::string FeedPerson(Client& c, const std::string& person) {
  if (!person.empty()) return person;
  const auto who = c.Call(c.auth(), &v1::AuthService::Stub::WhoAmI, {}, "WhoAmI");
  if (!who.has_person()) throw Failure{"this token has no person: name one (skillpath plan feed create PERSON)"};
  return who.person().id();
}

void FeedCreate(Client& c, const std::string& person, const std::string& base_url) {
  v1::CalendarFeedRequest req;
  req.set_person_id(FeedPerson(c, person));
  const auto feed = c.Call(c.plans(), &v1::PlanService::Stub::CreateCalendarFeed, req, "CreateCalendarFeed");
  if (PrintedJson(c, feed)) return;
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // Only the URL on stdout, for a script; what it is on stderr.
  std::cout << base << feed.path() << "\n";
  std::cerr << "calendar feed " << feed.feed_id() << " for " << feed.person_id()
            << ": subscribe to this URL (on the server's HTTP address"
            << (base.empty() ? "; --base-url gives it" : "") << "). It is shown once; any earlier feed URL of "
            << feed.person_id() << " has stopped working. End it with `skillpath plan feed revoke`.\n";
}

void FeedRevoke(Client& c, const std::string& person) {
  v1::CalendarFeedRequest req;
  req.set_person_id(FeedPerson(c, person));
  const auto resp = c.Call(c.plans(), &v1::PlanService::Stub::RevokeCalendarFeed, req, "RevokeCalendarFeed");
  if (PrintedJson(c, resp)) return;
  std::cout << (resp.revoked() ? "the calendar feed of " + req.person_id() + " is revoked; its URL no longer works"
                               : req.person_id() + " had no calendar feed")
            << "\n";
}

void Demand(Client& c, const std::string& unit, double budget, const PlanArgs& a) {
  v1::GetTrainingDemandRequest req;
  req.set_org_unit_id(unit);
  req.set_budget(budget);
  FillOptions(a, req.mutable_options());
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  v1::TrainingDemand d;
  if (!c.options().json) std::cerr << "computing the training demand (plans for everyone without one)...\n";
  Check(c.plans().GetTrainingDemand(ctx.get(), req, &d), "GetTrainingDemand");
  if (PrintedJson(c, d)) return;
  Table t({"RESOURCE", "LEARNERS", "HOURS", "COST", "BY QUARTER", "SESSIONS", "UNSCHEDULED"});
  std::vector<const v1::ResourceDemand*> rows;
  for (const auto& r : d.resources()) rows.push_back(&r);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->learners() > b->learners(); });
  for (const auto* r : rows) {
    std::string quarters, sessions;
    for (const auto& q : r->quarters()) quarters += (quarters.empty() ? "" : " ") + q.quarter() + ":" + std::to_string(q.learners());
    for (const auto& co : r->cohorts()) {
      sessions += (sessions.empty() ? "" : " ") + (co.session_id().empty() ? std::string("none") : co.session_id()) +
                  ":" + std::to_string(co.person_ids_size());
    }
    std::string unscheduled;
    if (r->unscheduled() > 0) {
      unscheduled = std::to_string(r->unscheduled());
      if (r->extra_sessions_needed() > 0) {
        unscheduled += " (" + std::to_string(r->extra_sessions_needed()) + " more session" +
                       (r->extra_sessions_needed() > 1 ? "s" : "") + " of " + std::to_string(r->session_capacity()) + ")";
      } else {
        unscheduled += " (no session planned)";
      }
    }
    t.Add({Shorten(r->title(), 40), std::to_string(r->learners()), Number(r->total_hours()), Money(r->total_cost()),
           quarters, sessions, unscheduled});
  }
  t.Print(std::cout);
  std::cout << "\nUNSCHEDULED: classroom and workshop learners without a seat in any session; they are in no quarter.\n";
  std::cout << "\ntotal " << Number(d.total_hours()) << " hours, " << Money(d.total_cost()) << " kr\n";
  if (budget > 0) {
    const auto& a = d.allocation();
    std::cout << "\nBudget " << Money(budget) << " kr: fund " << a.funded_size() << " steps for " << Money(a.spent())
              << " kr, closing a weighted REQUIRED gap of " << Fixed(a.closed_weighted_gap()) << "; "
              << a.unfunded_size() << " steps stay unfunded.\n"
              << "Method: " << a.algorithm() << "\n";
  }
}

}  // namespace

void AddPlanCommands(Commands& c) {
  struct Args {
    std::string id, status, comment, file, base_url;
    int seq = 0;
    bool reject = false;
    double budget = 0;
  };
  auto& a = c.Keep<Args>();
  auto& pa = c.Keep<PlanArgs>();
  auto plan_options = [&pa](CLI::App* cmd) { AddPlanOptionFlags(cmd, pa); };
  auto* plan = c.app().add_subcommand("plan", "Learning plans")->require_subcommand(1);
  auto* pgen = plan->add_subcommand("generate", "A plan that closes a person's gaps, as a dated timeline");
  pgen->add_option("PERSON", a.id)->required();
  plan_options(pgen);
  pgen->add_flag("--save", pa.save, "Save the plan (as DRAFT)");
  c.On(pgen, [&](Client& cl) { PlanGenerate(cl, a.id, pa); });
  c.OnArgument(plan, "show", "A saved plan", "ID", a.id, PlanShow);
  c.OnArgument(plan, "list", "A person's saved plans, newest first", "PERSON", a.id, PlanList);
  auto* pstatus = plan->add_subcommand("status", "Move a plan: proposed, approved, in_progress, completed, cancelled; "
                                      "a manager sends a proposed plan back with draft --comment \"why\"");
  pstatus->add_option("ID", a.id)->required();
  pstatus->add_option("STATUS", a.status)->required();
  pstatus->add_option("--comment", a.comment, "A word kept on the plan (required when sending it back)");
  c.On(pstatus, [&a](Client& cl) { PlanStatus(cl, a.id, a.status, a.comment); });
  auto* pcomment = plan->add_subcommand("comment", "Add a comment to a plan (its person, their manager or HR)");
  pcomment->add_option("ID", a.id)->required();
  pcomment->add_option("TEXT", a.comment)->required();
  c.On(pcomment, [&a](Client& cl) { PlanComment(cl, a.id, a.comment); });
  auto* pstep = plan->add_subcommand("step", "Mark a step started, done or skipped (your own done awaits confirmation)");
  pstep->add_option("ID", a.id)->required();
  pstep->add_option("SEQ", a.seq)->required();
  pstep->add_option("STATUS", a.status)->required();
  c.On(pstep, [&a](Client& cl) { PlanStep(cl, a.id, a.seq, a.status); });
  auto* pconfirm = plan->add_subcommand("confirm", "Confirm a step a learner marked done (manager or HR), or send it back");
  pconfirm->add_option("ID", a.id)->required();
  pconfirm->add_option("SEQ", a.seq)->required();
  pconfirm->add_flag("--reject", a.reject, "Send it back instead (needs --comment)");
  pconfirm->add_option("--comment", a.comment, "Why it is sent back, or a word on the confirmation");
  c.On(pconfirm, [&a](Client& cl) { PlanConfirm(cl, a.id, a.seq, a.reject, a.comment); });
  c.OnArgument(plan, "regenerate", "Make an open plan again from the person's levels now (a new DRAFT keeping "
               "done and started steps; the old plan is cancelled)", "ID", a.id, PlanRegenerate);
  auto* poutdated = plan->add_subcommand("out-of-date", "How many open plans are out of date (HR, or a unit's manager)");
  poutdated->add_option("--unit", a.id, "Org unit (sub-units included; default: everyone, for HR)");
  c.On(poutdated, [&a](Client& cl) { PlanOutOfDate(cl, a.id); });
  auto* ppending = plan->add_subcommand("pending", "Steps awaiting your confirmation, oldest first");
  ppending->add_option("--unit", a.id, "Org unit (sub-units included; default: everyone, for HR)");
  c.On(ppending, [&a](Client& cl) { PlanPending(cl, a.id); });

  auto* pics = plan->add_subcommand("ics", "A plan as an iCalendar file (.ics) for your calendar");
  pics->add_option("ID", a.id)->required();
  pics->add_option("-o,--output", a.file, "Write to this file (default: standard output)");
  c.On(pics, [&a](Client& cl) { PlanIcs(cl, a.id, a.file); });
  auto* pfeed = plan->add_subcommand("feed", "A calendar feed URL of your active plans, to subscribe to")
                    ->require_subcommand(1);
  auto* fcreate = pfeed->add_subcommand("create", "A new feed URL (the previous one stops working)");
  fcreate->add_option("PERSON", a.id, "Whose (default: your own; an ADMIN names anyone)");
  fcreate->add_option("--base-url", a.base_url, "The server's HTTP address, to print the whole URL");
  c.On(fcreate, [&a](Client& cl) { FeedCreate(cl, a.id, a.base_url); });
  auto* frevoke = pfeed->add_subcommand("revoke", "End the feed: its URL stops working");
  frevoke->add_option("PERSON", a.id, "Whose (default: your own)");
  c.On(frevoke, [&a](Client& cl) { FeedRevoke(cl, a.id); });

  auto* demand = c.app().add_subcommand("demand", "Training demand of a unit: courses, learners, hours, cost, when");
  demand->add_option("UNIT", a.id, "Org unit (default: the whole organisation)");
  demand->add_option("--budget", a.budget, "Which steps to fund with this many kroner");
  plan_options(demand);
  c.On(demand, [&](Client& cl) { Demand(cl, a.id, a.budget, pa); });
}
}  // namespace skillpath::cli
