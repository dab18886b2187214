#include "api/formats/plan_calendar.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace skillpath::formats {
namespace {

constexpr core::Time kMicrosPerDay = 86400 * core::kMicrosPerSecond;
// RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, line break excluded.
constexpr size_t kMaxLineOctets = 75;

absl::Time ToAbsl(core::Time t) { return absl::FromUnixMicros(t); }

std::string UtcDateTime(core::Time t) { return absl::FormatTime("%Y%m%dT%H%M%SZ", ToAbsl(t), absl::UTCTimeZone()); }
std::string UtcDate(core::Time t) { return absl::FormatTime("%Y%m%d", ToAbsl(t), absl::UTCTimeZone()); }

// The first microsecond of t's UTC day.
core::Time DayStart(core::Time t) {
  core::Time day = t / kMicrosPerDay;
  if (t % kMicrosPerDay < 0) --day;  // before 1970: round down, not towards zero
  return day * kMicrosPerDay;
}

const core::Session* FindSession(const std::vector<core::LearningResource>& catalogue, const std::string& resource_id,
                                 const std::string& session_id, const core::LearningResource** resource) {
  for (const core::LearningResource& r : catalogue) {
    if (r.id != resource_id) continue;
    *resource = &r;
    for (const core::Session& s : r.sessions) {
      if (!session_id.empty() && s.id == session_id) return &s;
    }
    return nullptr;
  }
  return nullptr;
}

// The step's text for DESCRIPTION: why it is there (the rationale names the
// levels it brings), a problem with it, where to find the resource.
std::string Description(const core::PlanStep& step, const core::LearningResource* resource) {
  std::string text = step.rationale;
  auto add = [&](const std::string& line) {
    if (line.empty()) return;
    if (!text.empty()) text += "\n";
    text += line;
  };
  if (!step.problem.empty()) add(step.problem);
  if (resource) add(resource->url);
  return text;
}

}  // namespace

std::vector<CalendarEvent> PlanEvents(const core::LearningPlan& plan,
                                      const std::vector<core::LearningResource>& catalogue) {
  std::vector<CalendarEvent> events;
  for (const core::PlanStep& step : plan.steps) {
    if (step.status == core::StepStatus::kSkipped || step.planned_start == 0) continue;
    const core::LearningResource* resource = nullptr;
    const core::Session* session = FindSession(catalogue, step.resource_id, step.session_id, &resource);
    CalendarEvent e;
    e.uid = absl::StrCat(plan.id, "-", step.seq, "@skillpath");
    e.summary = !step.title.empty() ? step.title : resource ? resource->title : step.resource_id;
    e.description = Description(step, resource);
    if (!step.session_id.empty()) {
      // Timed: the session's own times where the catalogue still has it.
      e.start = session ? session->start : step.planned_start;
      e.end = session ? std::max(session->end, session->start) : std::max(step.planned_end, step.planned_start);
      if (session) e.location = session->location;
    } else {
      // The planned weeks as whole days: from the start's day to the day
      // the step ends on, inclusive (DTEND is the day after).
      e.all_day = true;
      e.start = DayStart(step.planned_start);
      const core::Time last = step.planned_end > step.planned_start ? step.planned_end - 1 : step.planned_start;
      e.end = DayStart(last) + kMicrosPerDay;
    }
    events.push_back(std::move(e));
  }
  return events;
}

std::string EscapeText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        // Other control characters are not allowed in TEXT (3.3.11): dropped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        if (c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::string FoldLine(absl::string_view line) {
  std::string out;
  size_t limit = kMaxLineOctets;  // the first line; continuation lines lose one octet to the space
  while (line.size() > limit) {
    size_t cut = limit;
    // Back up to the start of a UTF-8 character (not a 10xxxxxx byte).
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: cut anywhere rather than loop
    out.append(line.data(), cut);
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;
  }
  out.append(line.data(), line.size());
  out += "\r\n";
  return out;
}

std::string WriteCalendar(const CalendarHead& head, const std::vector<CalendarEvent>& events, core::Time stamp) {
  std::string out;
  auto line = [&](absl::string_view name, absl::string_view value) { out += FoldLine(absl::StrCat(name, ":", value)); };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", "-//skillpath//learning plans//EN");
  line("CALSCALE", "GREGORIAN");
  if (head.publish) line("METHOD", "PUBLISH");
  if (!head.name.empty()) line("X-WR-CALNAME", EscapeText(head.name));
  const std::string dtstamp = UtcDateTime(stamp);
  for (const CalendarEvent& e : events) {
    line("BEGIN", "VEVENT");
    line("UID", EscapeText(e.uid));
    line("DTSTAMP", dtstamp);
    if (e.all_day) {
      line("DTSTART;VALUE=DATE", UtcDate(e.start));
      line("DTEND;VALUE=DATE", UtcDate(e.end));
      line("TRANSP", "TRANSPARENT");  // self-paced weeks do not block the calendar
    } else {
      line("DTSTART", UtcDateTime(e.start));
      line("DTEND", UtcDateTime(e.end));
    }
    line("SUMMARY", EscapeText(e.summary));
    if (!e.description.empty()) line("DESCRIPTION", EscapeText(e.description));
    if (!e.location.empty()) line("LOCATION", EscapeText(e.location));
    line("END", "VEVENT");
  }
  line("END", "VCALENDAR");
  return out;
}

std::string CalendarFileName(absl::string_view plan_id) {
  std::string safe;
  for (char c : plan_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    safe += ok ? c : '_';
  }
  return absl::StrCat("skillpath-plan-", safe, ".ics");
}

}  // namespace skillpath::formats
