#pragma once
// Learning plans as iCalendar (RFC 5545) for the person's own calendar
// (issue #14 item 4): PlanService.GetPlanCalendar (one plan, a download) and
// GetCalendarFeed (every active plan of a person, which Outlook, Google and
// Apple calendars subscribe to).
//
// A step in a session is a timed event in UTC with the session's location;
// a self-paced step is an all-day event over the weeks it is planned for
// (DTEND exclusive, as RFC 5545 3.6.1 wants). A step's UID is
// "<plan id>-<seq>@skillpath", so a calendar that subscribes updates the
// same events when the plan is rescheduled instead of adding new ones.
//
// Pure: the caller gives the catalogue (for sessions) and the stamp time.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::formats {

// One VEVENT as the writer sees it.
struct CalendarEvent {
  std::string uid;
  std::string summary;
  std::string description;
  std::string location;  // empty: no LOCATION
  bool all_day = false;  // start/end are then whole UTC days, end exclusive
  core::Time start = 0;  // microseconds since the epoch
  core::Time end = 0;
};

struct CalendarHead {
  std::string name;      // X-WR-CALNAME
  bool publish = false;  // METHOD:PUBLISH (a feed that is subscribed to)
};

// The events of a plan's steps: every step with planned dates except the
// SKIPPED ones, in step order. `catalogue` gives the sessions' locations and
// resource titles for steps without one.
std::vector<CalendarEvent> PlanEvents(const core::LearningPlan& plan,
                                      const std::vector<core::LearningResource>& catalogue);

// The calendar, CRLF line ends, lines folded at 75 octets; `stamp` is each
// event's DTSTAMP.
std::string WriteCalendar(const CalendarHead& head, const std::vector<CalendarEvent>& events, core::Time stamp);

// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and
// newline (CR LF and lone CR count as one).
std::string EscapeText(absl::string_view text);

// A content line folded (RFC 5545 3.1): at most 75 octets per line, the
// continuation lines starting with one space, never inside a UTF-8
// character; each line ends in CRLF.
std::string FoldLine(absl::string_view line);

// A file name for the download of one plan: "skillpath-plan-<id>.ics",
// the id reduced to [A-Za-z0-9._-].
std::string CalendarFileName(absl::string_view plan_id);

}  // namespace skillpath::formats
