#include "http/session_cookie.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace skillpath::services {

std::string SessionCookieName(bool tls) { return tls ? "__Host-skillpath_session" : "skillpath_session"; }

std::string CookieValue(std::string_view cookie_header, std::string_view name) {
  for (absl::string_view pair : absl::StrSplit(absl::string_view(cookie_header.data(), cookie_header.size()), ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) continue;
    if (pair.substr(0, eq) == absl::string_view(name.data(), name.size())) return std::string(pair.substr(eq + 1));
  }
  return "";
}

std::string SessionSetCookie(bool tls, const std::string& value, int max_age_seconds) {
  return absl::StrCat(SessionCookieName(tls), "=", value, "; Path=/; HttpOnly; SameSite=Lax", tls ? "; Secure" : "",
                      "; Max-Age=", value.empty() ? 0 : max_age_seconds);
}

bool SameOrigin(std::string_view origin, std::string_view host, bool tls, std::string_view sec_fetch_site) {
  if (!sec_fetch_site.empty()) return sec_fetch_site == "same-origin";
  if (origin.empty()) return true;  // not sent: same-origin GETs and older browsers; the header check still holds
  if (host.empty()) return false;
  return absl::AsciiStrToLower(absl::string_view(origin.data(), origin.size())) ==
         absl::AsciiStrToLower(absl::StrCat(tls ? "https://" : "http://", absl::string_view(host.data(), host.size())));
}

}  // namespace skillpath::services
