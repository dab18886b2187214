#pragma once
// The gateway's calendar routes (issue #14 item 4), without sockets:
//   GET /calendar/<secret>.ics  a person's feed, for calendars that
//                               subscribe; the secret is the credential
//   GET /calendar/me.ics        the signed-in person's, with the web
//                               client's session cookie
// Both call PlanService.GetCalendarFeed through the in-process channel with
// the credential as the bearer token, so the access rules and the audit are
// the gRPC path's. Whatever goes wrong with a secret is one answer, 404:
// unknown, revoked and expired look the same.

#include <optional>
#include <string>
#include <string_view>

namespace skillpath::services {

inline constexpr std::string_view kCalendarPrefix = "/calendar/";
inline constexpr std::string_view kCalendarFeedPath = "/skillpath.v1.PlanService/GetCalendarFeed";

// The authorization to call GetCalendarFeed with for a request to `path`
// ("Bearer <token>"), or nullopt: answer 404 without a call. `session` is
// the session cookie's value; `same_site` whether the request comes from
// our own pages or the address bar (the cookie is not taken from another
// site's links).
std::optional<std::string> CalendarAuthorization(std::string_view path, std::string_view session, bool same_site);

struct CalendarAnswer {
  int status = 404;
  std::string content_type = "text/plain; charset=utf-8";
  std::string content_disposition;  // empty: none
  std::string body = "not found\n";
};

// The answer to the call's outcome: `grpc_code` 0 and the serialized
// skillpath.v1.CalendarFile `response` -> 200 text/calendar; anything else
// -> 404 (for /calendar/me.ics without a session the message says to sign in).
CalendarAnswer CalendarAnswerOf(std::string_view path, int grpc_code, const std::string& response);

}  // namespace skillpath::services
