// The calendar routes' decisions (http/calendar_route.h): which credential a
// request calls with, and that every failure is the same 404.
#include "http/calendar_route.h"

#include <gtest/gtest.h>

#include "skillpath/v1/plan.pb.h"

namespace skillpath::services {
namespace {

TEST(CalendarRoute, TheSecretInThePathIsTheBearerToken) {
  EXPECT_EQ(CalendarAuthorization("/calendar/cal_ab12.Zx-_9.ics", "", false), "Bearer cal_ab12.Zx-_9");
  // A session cookie does not stand in for a secret.
  EXPECT_EQ(CalendarAuthorization("/calendar/cal_ab12.x.ics", "ses_1.y", true), "Bearer cal_ab12.x");
}

TEST(CalendarRoute, MeIsTheSessionFromOurOwnPagesOnly) {
  EXPECT_EQ(CalendarAuthorization("/calendar/me.ics", "ses_1.secret", true), "Bearer ses_1.secret");
  EXPECT_EQ(CalendarAuthorization("/calendar/me.ics", "ses_1.secret", false), std::nullopt);
  EXPECT_EQ(CalendarAuthorization("/calendar/me.ics", "", true), std::nullopt);
}

TEST(CalendarRoute, AnythingElseIsNotFoundWithoutACall) {
  for (const char* path : {"/calendar/", "/calendar/.ics", "/calendar/x", "/calendar/a b.ics", "/calendar/a%20b.ics",
                           "/calendar/x.ics/y.ics", "/calendars/x.ics", "/calendar/tok\r\nx.ics"}) {
    EXPECT_EQ(CalendarAuthorization(path, "ses_1.s", true), std::nullopt) << path;
  }
  EXPECT_EQ(CalendarAuthorization("/calendar/" + std::string(300, 'a') + ".ics", "", true), std::nullopt);
}

TEST(CalendarRoute, TheFileIsServedAsTextCalendar) {
  v1::CalendarFile file;
  file.set_content("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  file.set_file_name("skillpath-plan-kari.ics");
  const CalendarAnswer a = CalendarAnswerOf("/calendar/cal_x.y.ics", 0, file.SerializeAsString());
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(a.content_disposition, "inline; filename=\"skillpath-plan-kari.ics\"");
  EXPECT_EQ(a.body, file.content());
}

TEST(CalendarRoute, EveryRefusalOfASecretLooksTheSame) {
  const CalendarAnswer unauthenticated = CalendarAnswerOf("/calendar/cal_x.y.ics", 16, "");
  const CalendarAnswer denied = CalendarAnswerOf("/calendar/cal_x.y.ics", 7, "");
  const CalendarAnswer unavailable = CalendarAnswerOf("/calendar/cal_x.y.ics", 14, "");
  for (const CalendarAnswer* a : {&unauthenticated, &denied, &unavailable}) {
    EXPECT_EQ(a->status, 404);
    EXPECT_EQ(a->body, "not found\n");
    EXPECT_EQ(a->content_disposition, "");
  }
  EXPECT_EQ(CalendarAnswerOf("/calendar/me.ics", 16, "").status, 404);
}

}  // namespace
}  // namespace skillpath::services
