// The work calendar: Norway's closed weeks on the right dates, an
// organisation's own periods, time that passes only outside them, and the
// checks on what an organisation sets.
#include "core/schedule/work_calendar.h"

#include <gtest/gtest.h>

#include "core/schedule/step_order.h"

namespace skillpath::core {
namespace {

constexpr Time kDay = 86400LL * 1000000;
constexpr Time kWeek = 7 * kDay;

Time D(const std::string& day) { return *DayStart(day); }

TEST(WorkCalendar, EasterByTheGregorianRule) {
  EXPECT_EQ(EasterSunday(2025), "2025-04-20");
  EXPECT_EQ(EasterSunday(2026), "2026-04-05");
  EXPECT_EQ(EasterSunday(2027), "2027-03-28");
  EXPECT_EQ(EasterSunday(2038), "2038-04-25");  // the latest possible
  EXPECT_EQ(EasterSunday(2285), "2285-03-22");  // the earliest possible
}

TEST(WorkCalendar, NorwaysClosedWeeks) {
  const WorkCalendar c = WorkCalendar::For({}, 2026, 2026);
  const std::vector<std::pair<Time, Time>> expected = {
      {D("2026-03-30"), D("2026-04-07")},  // Monday of Holy Week to Easter Monday
      {D("2026-07-06"), D("2026-07-27")},  // fellesferie: ISO weeks 28, 29, 30
      {D("2026-12-24"), D("2027-01-02")},  // Christmas to New Year's Day
  };
  EXPECT_EQ(c.closed(), expected);
  EXPECT_TRUE(WorkCalendar::For({false, {}}, 2026, 2030).closed().empty()) << "turned off";
}

TEST(WorkCalendar, OwnPeriodsAreMergedWithTheHolidays) {
  WorkCalendarSettings s;
  s.closed = {{"Planleggingsdager", "2026-07-27", "2026-07-31"}, {"Omstilling", "2026-07-01", "2026-07-07"}};
  const WorkCalendar c = WorkCalendar::For(s, 2026, 2026);
  ASSERT_EQ(c.closed().size(), 3u);
  EXPECT_EQ(c.closed()[1], std::make_pair(D("2026-07-01"), D("2026-08-01"))) << "touching periods become one";
}

TEST(WorkCalendar, TimePassesOnlyOutsideClosedPeriods) {
  const WorkCalendar c = WorkCalendar::For({}, 2026, 2027);
  EXPECT_EQ(c.NextOpen(D("2026-07-10")), D("2026-07-27"));
  EXPECT_EQ(c.NextOpen(D("2026-06-10")), D("2026-06-10"));
  // Two weeks from 29 June: one before fellesferie, one after it.
  EXPECT_EQ(c.Advance(D("2026-06-29"), 2 * kWeek), D("2026-07-27") + kWeek);
  // Started inside: it begins after.
  EXPECT_EQ(c.Advance(D("2026-07-20"), kDay), D("2026-07-28"));
  // Through Christmas and into the next year's Easter.
  EXPECT_EQ(c.Advance(D("2026-12-21"), 3 * kDay + 13 * kWeek), D("2027-01-02") + 13 * kWeek + kWeek + kDay)
      << "3 days before Christmas, then 13 weeks after New Year, crossing Easter week 2027 (22-29 March)";
  EXPECT_EQ(c.Advance(D("2026-05-01"), 0), D("2026-05-01"));
}

TEST(WorkCalendar, ASelfPacedStepSkipsFellesferieAndASessionKeepsItsDate) {
  const WorkCalendar calendar = WorkCalendar::For({}, 2026, 2026);
  LearningResource e{"e", "E-læring", "", Mode::kElearning, 6, 0, "", "", {{"x", 0, 1}}, {}, {}};
  LearningResource w{"w", "Verksted", "", Mode::kWorkshop, 6, 0, "", "", {{"y", 0, 1}}, {},
                     {{"s", D("2026-07-14"), D("2026-07-15"), 10, "Rådhuset", 0}}};
  ScheduleInput in;
  in.start = D("2026-06-22");
  in.weekly_hours = 2;  // three weeks for the e-learning
  in.calendar = &calendar;
  in.steps = {{&e, {{"x", 0, 1}}}, {&w, {{"y", 0, 1}}}};
  const StepSchedule got = ScheduleSteps(in);
  ASSERT_EQ(got.placed.size(), 2u);
  EXPECT_EQ(got.unseated, 0);
  // Three weeks of e-learning first would run into fellesferie and end on
  // 3 August, missing the workshop; so the workshop (in fellesferie, the
  // provider's date) comes first and the e-learning starts after
  // fellesferie, three open weeks.
  EXPECT_EQ(got.order, (std::vector<size_t>{1, 0}));
  EXPECT_EQ(got.placed[0].start, D("2026-07-14"));
  EXPECT_EQ(got.placed[1].start, D("2026-07-27"));
  EXPECT_EQ(got.placed[1].end, D("2026-07-27") + 3 * kWeek);
  // Without the calendar the e-learning fits before the workshop.
  in.calendar = nullptr;
  EXPECT_EQ(ScheduleSteps(in).order, (std::vector<size_t>{0, 1}));
}

TEST(WorkCalendar, SettingsAreCheckedNamingThePeriodAndField) {
  EXPECT_TRUE(CheckWorkCalendar({true, {{"Ferie", "2026-10-05", "2026-10-09"}}}).ok());
  const auto message = [](const WorkCalendarSettings& s) { return std::string(CheckWorkCalendar(s).message()); };
  EXPECT_EQ(message({true, {{"", "2026-10-05", "2026-10-09"}}}), "closed[0].name: one line of 1 to 200 bytes");
  EXPECT_EQ(message({true, {{"a", "2026-10-05", "2026-10-09"}, {"b", "2026-02-30", "2026-03-01"}}}),
            "closed[1].first_day: '2026-02-30' is not a date YYYY-MM-DD");
  EXPECT_EQ(message({true, {{"a", "2026-10-05", "5 Oct"}}}), "closed[0].last_day: '5 Oct' is not a date YYYY-MM-DD");
  EXPECT_EQ(message({true, {{"a", "2026-10-09", "2026-10-05"}}}),
            "closed[0].last_day: 2026-10-05 is before first_day 2026-10-09");
  EXPECT_EQ(message({true, {{"a", "2026-01-01", "2027-06-01"}}}), "closed[0]: longer than a year");
}

}  // namespace
}  // namespace skillpath::core
