#include "http/session_cookie.h"

#include <gtest/gtest.h>

namespace skillpath::services {
namespace {

TEST(SessionCookie, TheHostPrefixAndItsAttributesUnderTls) {
  EXPECT_EQ(SessionSetCookie(true, "ses_1.s", 36000),
            "__Host-skillpath_session=ses_1.s; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=36000");
  EXPECT_EQ(SessionSetCookie(false, "ses_1.s", 60),
            "skillpath_session=ses_1.s; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
  EXPECT_EQ(SessionSetCookie(false, "", 60), "skillpath_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
      << "an empty value clears it";
}

TEST(SessionCookie, IsReadByItsExactName) {
  EXPECT_EQ(CookieValue("a=1; skillpath_session=ses_x.y; b=2", "skillpath_session"), "ses_x.y");
  EXPECT_EQ(CookieValue("xskillpath_session=evil; skillpath_session=good", "skillpath_session"), "good");
  EXPECT_EQ(CookieValue("skillpath_session_old=1", "skillpath_session"), "");
  EXPECT_EQ(CookieValue("", "skillpath_session"), "");
}

TEST(SessionCookie, SameOriginIsTheSchemeAndHostTheRequestCameTo) {
  EXPECT_TRUE(SameOrigin("", "skillpath.kommune.no", true)) << "no Origin sent";
  EXPECT_TRUE(SameOrigin("https://Skillpath.Kommune.no", "skillpath.kommune.no", true));
  EXPECT_TRUE(SameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", false));
  EXPECT_FALSE(SameOrigin("https://evil.example", "skillpath.kommune.no", true));
  EXPECT_FALSE(SameOrigin("http://skillpath.kommune.no", "skillpath.kommune.no", true)) << "another scheme";
  EXPECT_FALSE(SameOrigin("null", "skillpath.kommune.no", true));
  EXPECT_FALSE(SameOrigin("https://skillpath.kommune.no", "", true));
  // Fetch Metadata first: a form post from our page with Origin: null.
  EXPECT_TRUE(SameOrigin("null", "skillpath.kommune.no", true, "same-origin"));
  EXPECT_FALSE(SameOrigin("https://skillpath.kommune.no", "skillpath.kommune.no", true, "cross-site"));
  EXPECT_FALSE(SameOrigin("", "skillpath.kommune.no", true, "same-site"))
      << "a sibling subdomain is another site's page";
}

}  // namespace
}  // namespace skillpath::services
