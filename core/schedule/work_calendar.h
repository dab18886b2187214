#pragma once
// The weeks nobody learns (issue #14 item 2): periods the schedule skips.
// Self-paced learning time passes only outside them (a step that would run
// into fellesferie goes on after it); sessions keep their own dates.
// Norway's by default: fellesferie (ISO weeks 28 to 30), Christmas (24
// December to 1 January) and Easter week (Monday of Holy Week to Easter
// Monday); an organisation may turn those off and add its own. Dates are
// whole days in UTC. Pure.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/model/plan_types.h"
#include "core/model/types.h"

namespace skillpath::core {

// The periods as times: [from, to) in microseconds, sorted, merged.
class WorkCalendar {
 public:
  WorkCalendar() = default;
  // `settings` for the years `first_year` to `last_year` (Norway's holidays
  // are made for each of them; the organisation's own as they are).
  static WorkCalendar For(const WorkCalendarSettings& settings, int first_year, int last_year);
  // For plans that start at `start`: the year before it to ten years after.
  static WorkCalendar ForPlansFrom(const WorkCalendarSettings& settings, Time start);

  // The first moment at or after `t` that is not closed.
  Time NextOpen(Time t) const;
  // When `duration` of open time, from `t` on, has passed.
  Time Advance(Time t, Time duration) const;
  const std::vector<std::pair<Time, Time>>& closed() const { return closed_; }

 private:
  std::vector<std::pair<Time, Time>> closed_;
};

// The checks on settings: names present, days real dates, first <= last,
// at most 200 periods. INVALID_ARGUMENT naming the period and field.
absl::Status CheckWorkCalendar(const WorkCalendarSettings& settings);

// Easter Sunday of `year` (Gregorian; the anonymous algorithm), as
// YYYY-MM-DD; and the midnight UTC a date is.
std::string EasterSunday(int year);
absl::StatusOr<Time> DayStart(const std::string& day);

}  // namespace skillpath::core
