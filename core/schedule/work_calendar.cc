#include "core/schedule/work_calendar.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace skillpath::core {

namespace {

constexpr size_t kMaxPeriods = 200;

Time Micros(absl::CivilDay day) { return absl::ToUnixMicros(absl::FromCivil(day, absl::UTCTimeZone())); }

std::string Text(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay Easter(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
            g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
            l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451,
            month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return absl::CivilDay(year, month, day);
}

// Monday of ISO week `week` of `year` (week 1 holds 4 January).
absl::CivilDay IsoWeekMonday(int year, int week) {
  const absl::CivilDay jan4(year, 1, 4);
  const int from_monday = (static_cast<int>(absl::GetWeekday(jan4)) - static_cast<int>(absl::Weekday::monday) + 7) % 7;
  return jan4 - from_monday + 7 * (week - 1);
}

bool ParseDay(const std::string& text, absl::CivilDay* day) {
  return text.size() == 10 && absl::ParseCivilTime(text, day) && Text(*day) == text;
}

}  // namespace

std::string EasterSunday(int year) { return Text(Easter(year)); }

absl::StatusOr<Time> DayStart(const std::string& text) {
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a date YYYY-MM-DD"));
  return Micros(day);
}

WorkCalendar WorkCalendar::For(const WorkCalendarSettings& settings, int first_year, int last_year) {
  WorkCalendar calendar;
  auto& closed = calendar.closed_;
  if (settings.norwegian_holidays) {
    for (int year = first_year; year <= last_year; ++year) {
      const absl::CivilDay easter = Easter(year);
      closed.emplace_back(Micros(easter - 6), Micros(easter + 2));  // Monday of Holy Week to Easter Monday
      const absl::CivilDay july = IsoWeekMonday(year, 28);
      closed.emplace_back(Micros(july), Micros(july + 21));  // fellesferie: weeks 28, 29 and 30
      closed.emplace_back(Micros(absl::CivilDay(year, 12, 24)), Micros(absl::CivilDay(year + 1, 1, 2)));
    }
  }
  for (const ClosedPeriod& p : settings.closed) {
    absl::CivilDay first, last;
    if (!ParseDay(p.first_day, &first) || !ParseDay(p.last_day, &last) || last < first) continue;  // checked on input
    closed.emplace_back(Micros(first), Micros(last + 1));
  }
  std::sort(closed.begin(), closed.end());
  std::vector<std::pair<Time, Time>> merged;
  for (const auto& p : closed) {
    if (!merged.empty() && p.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, p.second);
    } else {
      merged.push_back(p);
    }
  }
  closed = std::move(merged);
  return calendar;
}

WorkCalendar WorkCalendar::ForPlansFrom(const WorkCalendarSettings& settings, Time start) {
  const int year = static_cast<int>(absl::ToCivilYear(absl::FromUnixMicros(start), absl::UTCTimeZone()).year());
  return For(settings, year - 1, year + 10);
}

Time WorkCalendar::NextOpen(Time t) const {
  // The first period that ends after t; t is closed when it has begun.
  auto it = std::upper_bound(closed_.begin(), closed_.end(), t,
                             [](Time v, const std::pair<Time, Time>& p) { return v < p.second; });
  return it != closed_.end() && it->first <= t ? it->second : t;
}

Time WorkCalendar::Advance(Time t, Time duration) const {
  t = NextOpen(t);
  auto it = std::upper_bound(closed_.begin(), closed_.end(), t,
                             [](Time v, const std::pair<Time, Time>& p) { return v < p.second; });
  while (duration > 0) {
    if (it == closed_.end() || t + duration <= it->first) return t + duration;
    duration -= it->first - t;
    t = it->second;
    ++it;
  }
  return t;
}

absl::Status CheckWorkCalendar(const WorkCalendarSettings& settings) {
  if (settings.closed.size() > kMaxPeriods) {
    return absl::InvalidArgumentError(
        absl::StrCat("closed: ", settings.closed.size(), " periods, at most ", kMaxPeriods));
  }
  for (size_t i = 0; i < settings.closed.size(); ++i) {
    const ClosedPeriod& p = settings.closed[i];
    const std::string where = absl::StrCat("closed[", i, "]");
    if (p.name.empty() || p.name.size() > 200 || p.name.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".name: one line of 1 to 200 bytes"));
    }
    absl::CivilDay first, last;
    if (!ParseDay(p.first_day, &first)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".first_day: '", p.first_day, "' is not a date YYYY-MM-DD"));
    }
    if (!ParseDay(p.last_day, &last)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".last_day: '", p.last_day, "' is not a date YYYY-MM-DD"));
    }
    if (last < first) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".last_day: ", p.last_day, " is before first_day ", p.first_day));
    }
    if (last - first > 366) return absl::InvalidArgumentError(absl::StrCat(where, ": longer than a year"));
  }
  return absl::OkStatus();
}

}  // namespace skillpath::core
