// Static files: the path rules, and that the real web client needs nothing
// its Content-Security-Policy forbids.
#include "http/web_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "testing/db/db_files.h"

namespace skillpath::services {
namespace {

TEST(WebFiles, PathsStayInsideTheRoot) {
  db::testing::TempDbPath tmp;
  const std::filesystem::path root = tmp.path() + "-web";
  std::filesystem::create_directories(root / "js");
  std::ofstream(root / "index.html") << "x";
  std::ofstream(root / "js" / "app.js") << "x";
  const std::filesystem::path canonical = std::filesystem::canonical(root);
  EXPECT_EQ(ResolveStatic(canonical, "/"), canonical / "index.html");
  EXPECT_EQ(ResolveStatic(canonical, "/js/app.js"), canonical / "js" / "app.js");
  for (const char* bad : {"", "js/app.js", "/../x", "/js/..%2fapp.js", "/js", "/nope", "/js\\app.js"}) {
    EXPECT_EQ(ResolveStatic(canonical, bad), std::nullopt) << bad;
  }
  EXPECT_EQ(ResolveStatic("", "/"), std::nullopt);
  std::filesystem::remove_all(root);
  EXPECT_STREQ(FileContentType("a/b.JS"), "text/javascript; charset=utf-8");
}

TEST(WebFiles, HstsOnlyUnderTls) {
  auto has = [](bool tls) {
    for (const auto& [name, value] : SecurityHeaders(tls)) {
      if (std::string(name) == "Strict-Transport-Security") return true;
    }
    return false;
  };
  EXPECT_TRUE(has(true));
  EXPECT_FALSE(has(false));
}

TEST(WebFiles, LoopbackPeers) {
  namespace ip = boost::asio::ip;
  EXPECT_TRUE(IsLoopbackPeer(ip::make_address("127.0.0.1")));
  EXPECT_TRUE(IsLoopbackPeer(ip::make_address("127.8.9.10")));
  EXPECT_TRUE(IsLoopbackPeer(ip::make_address("::1")));
  EXPECT_TRUE(IsLoopbackPeer(ip::make_address("::ffff:127.0.0.1")));
  EXPECT_FALSE(IsLoopbackPeer(ip::make_address("::ffff:10.0.0.1")));
  EXPECT_FALSE(IsLoopbackPeer(ip::make_address("192.0.2.2")));
  EXPECT_FALSE(IsLoopbackPeer(ip::make_address("::")));
}

// The CSP has no 'unsafe-inline': the pages must not need it.
TEST(WebFiles, TheWebClientHasNoInlineScriptOrStyle) {
  int pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SKILLPATH_WEB_DIR)) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string html = ss.str();
    const std::string name = entry.path().filename().string();
    EXPECT_FALSE(std::regex_search(html, std::regex("<script(?![^>]*\\bsrc=)[^>]*>", std::regex::icase)))
        << name << ": inline <script>";
    EXPECT_FALSE(std::regex_search(html, std::regex("<style", std::regex::icase))) << name << ": <style>";
    EXPECT_FALSE(std::regex_search(html, std::regex("\\s(on[a-z]+|style)\\s*=", std::regex::icase)))
        << name << ": an event handler or style attribute";
    EXPECT_FALSE(std::regex_search(html, std::regex("javascript:", std::regex::icase))) << name;
  }
  EXPECT_GT(pages, 0);
}

}  // namespace
}  // namespace skillpath::services
