#pragma once
// The sign-in session's cookie (issue #12) and the checks that keep it from
// being used across sites: its name and attributes, reading it from a
// Cookie header, and whether a request's Origin is this server.

#include <string>
#include <string_view>

namespace skillpath::services {

// "__Host-skillpath_session" over TLS (Secure, host-only, Path=/ by the
// browser's rules for the prefix), else "skillpath_session".
std::string SessionCookieName(bool tls);

// The value of the cookie `name` in a Cookie header ("" if absent).
std::string CookieValue(std::string_view cookie_header, std::string_view name);

// The Set-Cookie header that stores `value` for `max_age_seconds`, or (an
// empty value) clears it: HttpOnly, SameSite=Lax, Path=/, Secure under TLS.
std::string SessionSetCookie(bool tls, const std::string& value, int max_age_seconds);

// Whether `origin` (an Origin header; empty: none sent) names this server
// as reached at `host` (the Host header).
bool SameOrigin(std::string_view origin, std::string_view host, bool tls);

}  // namespace skillpath::services
