// skillpath inbox: what waits for a manager (or HR) in a unit — plans to
// approve or send back, steps to confirm, people with a required gap and no
// plan, ratings that expired (issue #15 item 1).
#include <iostream>
#include <string>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

void Inbox(Client& c, const std::string& unit) {
  v1::GetInboxRequest req;
  req.set_org_unit_id(unit);
  const auto inbox = c.Call(c.plans(), &v1::PlanService::Stub::GetInbox, req, "GetInbox");
  if (PrintedJson(c, inbox)) return;
  const int total = inbox.proposed_size() + inbox.pending_size() + inbox.without_plan_size() + inbox.expired_size();
  if (total == 0) {
    std::cout << "Nothing waits for you" << (unit.empty() ? "" : " in " + unit) << ".\n";
    return;
  }
  if (inbox.proposed_size()) {
    std::cout << "Plans awaiting approval (" << inbox.proposed_size() << "):\n";
    Table t({"SINCE", "PERSON", "NAME", "PLAN", "STEPS", "HOURS", "COST"});
    for (const auto& p : inbox.proposed()) {
      t.Add({Date(p.proposed_at()), p.person_id(), p.person_name(), p.plan_id(), std::to_string(p.step_count()),
             Number(p.total_hours()), Money(p.total_cost())});
    }
    t.Print(std::cout);
    std::cout << "approve: skillpath plan status PLAN approved; send back: skillpath plan status PLAN draft "
                 "--comment \"why\"\n\n";
  }
  if (inbox.pending_size()) {
    std::cout << "Steps awaiting confirmation (" << inbox.pending_size() << "):\n";
    Table t({"SINCE", "PERSON", "NAME", "PLAN", "SEQ", "STEP"});
    for (const auto& w : inbox.pending()) {
      t.Add({Date(w.step().claimed_at()), w.person_id(), w.person_name(), w.plan_id(), std::to_string(w.step().seq()),
             Shorten(w.step().title(), 40)});
    }
    t.Print(std::cout);
    std::cout << "confirm: skillpath plan confirm PLAN SEQ; send back: add --reject --comment \"why\"\n\n";
  }
  if (inbox.without_plan_size()) {
    std::cout << "Without a learning plan, with requirements not met (" << inbox.without_plan_size() << "):\n";
    Table t({"PERSON", "NAME", "UNIT", "UNMET"});
    for (const auto& p : inbox.without_plan()) {
      t.Add({p.person_id(), p.person_name(), p.org_unit_id(), std::to_string(p.required_unmet())});
    }
    t.Print(std::cout);
    std::cout << "make one: skillpath plan generate PERSON --save\n\n";
  }
  if (inbox.expired_size()) {
    std::cout << "Expired ratings (" << inbox.expired_size() << "):\n";
    Table t({"EXPIRED", "PERSON", "NAME", "COMPETENCE", "LEVEL", "SOURCE"});
    for (const auto& e : inbox.expired()) {
      t.Add({Date(e.expired_at()), e.person_id(), e.person_name(), e.competence_id(), std::to_string(e.level()),
             v1::AssessmentSource_Name(e.source())});
    }
    t.Print(std::cout);
    std::cout << "rate again: skillpath assess PERSON COMPETENCE LEVEL --source manager\n";
  }
}

}  // namespace

void AddInboxCommands(Commands& c) {
  auto& unit = c.Keep<std::string>();
  CLI::App* inbox = c.app().add_subcommand("inbox", "What waits for you: plans to approve, steps to confirm, people "
                                                    "without a plan, expired ratings (managers, HR)");
  inbox->add_option("--unit", unit, "Org unit (sub-units included; default: everyone, for HR)");
  c.On(inbox, [&unit](Client& cl) { Inbox(cl, unit); });
}

}  // namespace skillpath::cli
