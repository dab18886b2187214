// The iCalendar writer (issue #14 item 4): escaping and folding at their
// edges, and a plan's steps as events (sessions timed with their location,
// self-paced steps as whole days). tests/ical/ parses a server's output with
// a real parser (python3-icalendar).
#include "api/formats/plan_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace skillpath::formats {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

core::Time At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return absl::ToUnixMicros(t);
}

TEST(CalendarText, EscapesBackslashSemicolonCommaAndNewlines) {
  EXPECT_EQ(EscapeText("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
  EXPECT_EQ(EscapeText("CRLF\r\nand CR\rend"), "CRLF\\nand CR\\nend");
  EXPECT_EQ(EscapeText("colon: stays"), "colon: stays");
  EXPECT_EQ(EscapeText(std::string("bell\x07", 5)), "bell");  // control characters are not TEXT
  EXPECT_EQ(EscapeText("æøå \"quoted\""), "æøå \"quoted\"");
}

TEST(CalendarText, ShortLinesAreNotFolded) {
  EXPECT_EQ(FoldLine("SUMMARY:kort"), "SUMMARY:kort\r\n");
  const std::string exactly75(75, 'x');
  EXPECT_EQ(FoldLine(exactly75), exactly75 + "\r\n");
}

TEST(CalendarText, LongLinesFoldAt75OctetsWithASpace) {
  const std::string line(200, 'a');
  const std::string folded = FoldLine(line);
  std::vector<std::string> parts = absl::StrSplit(folded, "\r\n");
  ASSERT_EQ(parts.back(), "");  // ends in CRLF
  parts.pop_back();
  ASSERT_EQ(parts.size(), 3u);  // 75 + 74 + 51
  EXPECT_EQ(parts[0].size(), 75u);
  EXPECT_EQ(parts[1].size(), 75u);
  EXPECT_EQ(parts[1][0], ' ');
  EXPECT_EQ(parts[2], " " + std::string(51, 'a'));
  // Unfolding (remove CRLF + one space) gives the line back.
  std::string unfolded;
  for (size_t i = 0; i < parts.size(); ++i) unfolded += i == 0 ? parts[i] : parts[i].substr(1);
  EXPECT_EQ(unfolded, line);
}

TEST(CalendarText, FoldingNeverSplitsAUtf8Character) {
  // 74 ASCII octets, then "ø" (2 octets) straddles the 75th: it moves whole
  // to the next line. Then 3- and 4-octet characters across many folds.
  for (const std::string& ch : {std::string("ø"), std::string("€"), std::string("😀")}) {
    for (size_t lead = 70; lead < 76; ++lead) {
      const std::string line = std::string(lead, 'x') + ch + ch + ch + std::string(80, 'y') + ch;
      std::string unfolded;
      bool first = true;
      for (absl::string_view part : absl::StrSplit(FoldLine(line), "\r\n")) {
        if (part.empty()) continue;
        EXPECT_LE(part.size(), 75u);
        if (!first) {
          ASSERT_EQ(part[0], ' ');
          part.remove_prefix(1);
        }
        // No part starts with a continuation byte, none ends inside a character.
        EXPECT_NE(static_cast<unsigned char>(part[0]) & 0xC0, 0x80) << lead << " " << ch;
        unfolded.append(part.data(), part.size());
        first = false;
      }
      EXPECT_EQ(unfolded, line);
    }
  }
}

// Any text: folding keeps every line within 75 octets, each a whole run of
// UTF-8 characters, and unfolding (RFC 5545 3.1: drop CRLF and one space)
// gives the line back. Random lines of 1- to 4-octet characters, seeded.
TEST(CalendarText, FoldingRandomUtf8LinesUnfoldsToTheSameLine) {
  const std::vector<std::string> pieces = {"a", " ", ",", "\\", "ø", "Å", "€", "—", "中", "😀", "𝄞"};
  std::mt19937 random(14);
  auto whole_utf8 = [](absl::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      if (n == 0 || i + n > s.size()) return false;
      for (size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
      }
      i += n;
    }
    return true;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string line = "DESCRIPTION:";
    const int n = static_cast<int>(random() % 120);
    for (int i = 0; i < n; ++i) line += pieces[random() % pieces.size()];
    const std::string folded = FoldLine(line);
    ASSERT_EQ(folded.substr(folded.size() - 2), "\r\n");
    std::string unfolded;
    bool first = true;
    for (absl::string_view part : absl::StrSplit(absl::string_view(folded).substr(0, folded.size() - 2), "\r\n")) {
      ASSERT_LE(part.size(), 75u) << line;
      if (!first) {
        ASSERT_FALSE(part.empty());
        ASSERT_EQ(part[0], ' ');
        part.remove_prefix(1);
      }
      ASSERT_TRUE(whole_utf8(part)) << line;
      unfolded.append(part.data(), part.size());
      first = false;
    }
    ASSERT_EQ(unfolded, line);
  }
}

class PlanEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core::LearningResource course;
    course.id = "gdpr-kurs";
    course.title = "GDPR, grunnkurs";
    course.url = "https://kurs.example/gdpr";
    core::Session session;
    session.id = "s1";
    session.start = At("2027-02-03T08:00:00Z");
    session.end = At("2027-02-03T15:30:00Z");
    session.location = "Rådhuset, møterom 3; 2. etg";
    course.sessions = {session};
    catalogue_.push_back(course);
    core::LearningResource elearning;
    elearning.id = "tjenestedesign";
    elearning.title = "Tjenestedesign";
    catalogue_.push_back(elearning);

    plan_.id = "plan-1";
    plan_.person_id = "ansatt";
    core::PlanStep a;
    a.seq = 1;
    a.resource_id = "gdpr-kurs";
    a.title = "GDPR, grunnkurs";
    a.session_id = "s1";
    a.planned_start = session.start;
    a.planned_end = session.end;
    a.rationale = "Kreves av rollen Saksbehandler";
    a.changes = {{"privacy.gdpr-basics", 0, 2}};
    core::PlanStep b;
    b.seq = 2;
    b.resource_id = "tjenestedesign";
    b.title = "Tjenestedesign";
    b.planned_start = At("2027-02-08T10:00:00Z");  // a Monday, mid-morning
    b.planned_end = At("2027-02-22T10:00:00Z");    // two weeks later
    core::PlanStep skipped = b;
    skipped.seq = 3;
    skipped.status = core::StepStatus::kSkipped;
    plan_.steps = {a, b, skipped};
  }
  std::vector<core::LearningResource> catalogue_;
  core::LearningPlan plan_;
};

TEST_F(PlanEventsTest, SessionsAreTimedSelfPacedStepsAreWholeDays) {
  const std::vector<CalendarEvent> events = PlanEvents(plan_, catalogue_);
  ASSERT_EQ(events.size(), 2u);  // the skipped step is not in the calendar
  EXPECT_EQ(events[0].uid, "plan-1-1@skillpath");
  EXPECT_FALSE(events[0].all_day);
  EXPECT_EQ(events[0].start, At("2027-02-03T08:00:00Z"));
  EXPECT_EQ(events[0].end, At("2027-02-03T15:30:00Z"));
  EXPECT_EQ(events[0].location, "Rådhuset, møterom 3; 2. etg");
  EXPECT_THAT(events[0].description, HasSubstr("Kreves av rollen Saksbehandler"));
  EXPECT_EQ(events[0].description, "Kreves av rollen Saksbehandler\nhttps://kurs.example/gdpr");
  EXPECT_THAT(events[0].description, HasSubstr("https://kurs.example/gdpr"));
  EXPECT_EQ(events[1].uid, "plan-1-2@skillpath");
  EXPECT_TRUE(events[1].all_day);
  EXPECT_EQ(events[1].start, At("2027-02-08T00:00:00Z"));
  // Ends on the 22nd (at 10:00): the 22nd is the last day, DTEND the 23rd.
  EXPECT_EQ(events[1].end, At("2027-02-23T00:00:00Z"));
  EXPECT_EQ(events[1].location, "");
}

TEST_F(PlanEventsTest, AStepEndingAtMidnightDoesNotTakeTheNextDay) {
  plan_.steps[1].planned_end = At("2027-02-22T00:00:00Z");
  EXPECT_EQ(PlanEvents(plan_, catalogue_)[1].end, At("2027-02-22T00:00:00Z"));
}

TEST_F(PlanEventsTest, WritesTheCalendarRfc5545Wants) {
  const std::string ics = WriteCalendar({"Læringsplan, Kari", true}, PlanEvents(plan_, catalogue_),
                                        At("2027-01-15T12:00:00Z"));
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0), 0u) << ics;
  EXPECT_THAT(ics, HasSubstr("\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Læringsplan\\, Kari\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nUID:plan-1-1@skillpath\r\nDTSTAMP:20270115T120000Z\r\n"
                             "DTSTART:20270203T080000Z\r\nDTEND:20270203T153000Z\r\nSUMMARY:GDPR\\, grunnkurs\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nLOCATION:Rådhuset\\, møterom 3\\; 2. etg\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nDTSTART;VALUE=DATE:20270208\r\nDTEND;VALUE=DATE:20270223\r\n"));
  EXPECT_THAT(ics, HasSubstr("DESCRIPTION:Kreves av rollen Saksbehandler\\nhttps://kurs.example/gdpr\r\n"));
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // Every line ends in CRLF (no bare LF) and none is longer than 75 octets.
  for (absl::string_view l : absl::StrSplit(ics, "\r\n")) {
    EXPECT_THAT(std::string(l), Not(HasSubstr("\n")));
    EXPECT_LE(l.size(), 75u);
  }
  // The download of one plan is not a published feed.
  EXPECT_THAT(WriteCalendar({"x", false}, {}, 0), Not(HasSubstr("METHOD:")));
}

TEST(CalendarFileName, KeepsOnlySafeCharacters) {
  EXPECT_EQ(CalendarFileName("3f2a-9c"), "skillpath-plan-3f2a-9c.ics");
  EXPECT_EQ(CalendarFileName("a/b\"c d"), "skillpath-plan-a_b_c_d.ics");
}

}  // namespace
}  // namespace skillpath::formats
