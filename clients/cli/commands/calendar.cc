// skillpath calendar show|set: the organisation's work calendar, the weeks
// plans' self-paced steps skip (issue #14).
#include <iostream>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

void Print(Client& c, const v1::WorkCalendar& calendar) {
  if (PrintedJson(c, calendar)) return;
  std::cout << "Norwegian holidays: "
            << (calendar.norwegian_holidays()
                    ? "on (fellesferie: ISO weeks 28-30; Christmas: 24 December - 1 January; Easter week)"
                    : "off")
            << "\n";
  if (calendar.closed().empty()) {
    std::cout << "No closed periods of the organisation's own.\n";
    return;
  }
  Table t({"CLOSED", "FIRST DAY", "LAST DAY"});
  for (const v1::ClosedPeriod& p : calendar.closed()) t.Add({p.name(), p.first_day(), p.last_day()});
  t.Print(std::cout);
}

void CalendarShow(Client& c) {
  Print(c, c.Call(c.org(), &v1::OrgService::Stub::GetWorkCalendar, {}, "GetWorkCalendar"));
}

// "Planleggingsdager=2026-08-10..2026-08-14" (or a single day).
v1::ClosedPeriod ParsePeriod(const std::string& text) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    throw Failure{"--closed: '" + text + "' is not NAME=FIRST..LAST (e.g. Planleggingsdager=2026-08-10..2026-08-14)"};
  }
  v1::ClosedPeriod p;
  p.set_name(text.substr(0, eq));
  const std::string days = text.substr(eq + 1);
  const size_t dots = days.find("..");
  p.set_first_day(days.substr(0, dots));
  p.set_last_day(dots == std::string::npos ? days : days.substr(dots + 2));
  return p;
}

struct SetArgs {
  std::string holidays;
  std::vector<std::string> closed;
  bool no_closed = false;
};

void CalendarSet(Client& c, const SetArgs& a) {
  v1::WorkCalendar calendar = c.Call(c.org(), &v1::OrgService::Stub::GetWorkCalendar, {}, "GetWorkCalendar");
  if (!a.holidays.empty()) calendar.set_norwegian_holidays(a.holidays == "on");
  if (a.no_closed || !a.closed.empty()) calendar.clear_closed();
  for (const std::string& text : a.closed) *calendar.add_closed() = ParsePeriod(text);
  Print(c, c.Call(c.org(), &v1::OrgService::Stub::SetWorkCalendar, calendar, "SetWorkCalendar"));
}

}  // namespace

void AddCalendarCommands(Commands& c) {
  CLI::App* calendar =
      c.app().add_subcommand("calendar", "The weeks nobody learns: plans' self-paced steps skip them")
          ->require_subcommand(1);
  c.On(calendar->add_subcommand("show", "Show the work calendar"), CalendarShow);
  auto& a = c.Keep<SetArgs>();
  CLI::App* set = calendar->add_subcommand(
      "set", "Change the work calendar; what is not given stays as it is (HR, ADMIN)");
  set->add_option("--norwegian-holidays", a.holidays, "on or off: fellesferie, Christmas and Easter week")
      ->check(CLI::IsMember({"on", "off"}));
  set->add_option("--closed", a.closed,
                  "NAME=FIRST..LAST (YYYY-MM-DD, inclusive), repeat for several; replaces the periods stored");
  set->add_flag("--no-closed", a.no_closed, "Remove the organisation's own closed periods");
  c.On(set, [&a](Client& cl) { CalendarSet(cl, a); });
}

}  // namespace skillpath::cli
