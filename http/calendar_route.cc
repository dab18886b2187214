#include "http/calendar_route.h"

#include "skillpath/v1/plan.pb.h"

namespace skillpath::services {
namespace {

constexpr std::string_view kMe = "me";
constexpr std::string_view kIcs = ".ics";

// What names the calendar: "<secret>" or "me", from "/calendar/<x>.ics".
std::optional<std::string_view> CalendarName(std::string_view path) {
  if (path.substr(0, kCalendarPrefix.size()) != kCalendarPrefix) return std::nullopt;
  path.remove_prefix(kCalendarPrefix.size());
  if (path.size() <= kIcs.size() || path.substr(path.size() - kIcs.size()) != kIcs) return std::nullopt;
  path.remove_suffix(kIcs.size());
  return path;
}

// A token as minted ("cal_<hex>.<base64url>"): printable, no spaces, so it
// is a valid metadata value; length bounded.
bool TokenShaped(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> CalendarAuthorization(std::string_view path, std::string_view session, bool same_site) {
  const std::optional<std::string_view> name = CalendarName(path);
  if (!name) return std::nullopt;
  if (*name == kMe) {
    if (session.empty() || !same_site || !TokenShaped(session)) return std::nullopt;
    return "Bearer " + std::string(session);
  }
  if (!TokenShaped(*name)) return std::nullopt;
  return "Bearer " + std::string(*name);
}

CalendarAnswer CalendarAnswerOf(std::string_view path, int grpc_code, const std::string& response) {
  CalendarAnswer answer;
  if (CalendarName(path) == kMe && grpc_code != 0) {
    answer.body = "not found: sign in to skillpath first\n";
    return answer;
  }
  v1::CalendarFile file;
  if (grpc_code != 0 || !file.ParseFromString(response)) return answer;
  answer.status = 200;
  answer.content_type = "text/calendar; charset=utf-8";
  answer.content_disposition = "inline; filename=\"" + file.file_name() + "\"";
  answer.body = std::move(*file.mutable_content());
  return answer;
}

}  // namespace skillpath::services
