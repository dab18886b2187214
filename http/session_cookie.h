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

// Whether a request comes from this server's own pages: by its
// Sec-Fetch-Site header where the browser sends one (Fetch Metadata: only
// "same-origin"), else by its Origin (empty: none sent; it must name this
// server as reached at `host`, the Host header). A page whose referrer
// policy is no-referrer, as ours, makes browsers send "Origin: null" for
// form posts, which is why Sec-Fetch-Site comes first.
bool SameOrigin(std::string_view origin, std::string_view host, bool tls, std::string_view sec_fetch_site = {});

}  // namespace skillpath::services
