// A person's plan in their calendar (issue #14 item 4), over a real server:
// GetPlanCalendar's .ics parsed by a real parser (Debian's
// python3-icalendar, tests/ical/check_ics.py) and its events checked
// against the plan the API gives; GetPlanCalendar's access (another
// employee, AGGREGATE) and audit; the feed URL on the HTTP side, which
// stops working when its secret is rotated or revoked, and a feed secret
// that opens nothing else.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "auth/tokens.h"
#include "core/model/auth.h"
#include "http/session_cookie.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1767225600;  // 2026-01-01
constexpr int64_t kDay = 86400;
constexpr char kLocation[] = "Rådhuset, sal 2; Oslo";

struct Reply {
  int status = 0;
  std::string content_type;
  std::string body;
};

Reply HttpGet(const std::string& address, const std::string& target,
              const std::map<std::string, std::string>& headers = {}) {
  net::io_context io;
  net::ip::tcp::socket socket(io);
  const size_t colon = address.rfind(':');
  net::ip::tcp::resolver resolver(io);
  net::connect(socket, resolver.resolve(address.substr(0, colon), address.substr(colon + 1)));
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "localhost");
  for (const auto& [name, value] : headers) req.set(name, value);
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]), res.body()};
}

std::string Iso(const google::protobuf::Timestamp& t, bool day) {
  return absl::FormatTime(day ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

// p1 and p2 in unit "k"; p1's plan: grunn (e-learning, self-paced) then
// kurs (classroom, a session at kLocation), APPROVED.
class PlanCalendarTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServerOptions options = testing::TestServerOptions(database_.address());
    options.http_listen = "127.0.0.1:0";
    options.now = [] { return kNow * 1000000; };
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    channel_ = testing::ChannelTo(*server_);
    plans_ = v1::PlanService::NewStub(channel_);
    catalog_ = v1::CatalogService::NewStub(channel_);
    testing::Organisation org = testing::SmallOrg();
    org.units = {testing::Unit("k", "Kommune")};
    org.roles = {testing::Role("leder", "Enhetsleder", {{"pv.gdpr", 3}})};
    org.people = {testing::Person("p1", "Kari Nordmann", "k", {"leder"}), testing::Person("p2", "p2", "k", {"leder"})};
    ASSERT_TRUE(testing::LoadOrg(org, channel_));
    v1::LearningResource grunn = testing::Resource("grunn", "Personvern, grunnkurs", 4, 1, 0);
    grunn.set_url("https://kurs.example/grunn");
    ASSERT_TRUE(Upsert(grunn).ok());
    v1::LearningResource kurs = testing::Resource("kurs", "Personvern i praksis", 7, 3, 1);
    kurs.set_mode(v1::CLASSROOM);
    kurs.add_prerequisite_ids("grunn");
    auto* s = kurs.add_sessions();
    s->set_id("mars");
    *s->mutable_start() = TimeUtil::SecondsToTimestamp(kNow + 60 * kDay + 8 * 3600);
    *s->mutable_end() = TimeUtil::SecondsToTimestamp(kNow + 60 * kDay + 15 * 3600);
    s->set_capacity(5);
    s->set_location(kLocation);
    ASSERT_TRUE(Upsert(kurs).ok());

    v1::GeneratePlanRequest gen;
    gen.set_person_id("p1");
    gen.set_save(true);
    plan_ = testing::Call(&v1::PlanService::Stub::GeneratePlan, plans_.get(), gen);
    ASSERT_EQ(plan_.steps_size(), 2);
    for (v1::PlanStatus st : {v1::PROPOSED, v1::APPROVED}) {
      v1::SetPlanStatusRequest req;
      req.set_plan_id(plan_.id());
      req.set_status(st);
      plan_ = testing::Call(&v1::PlanService::Stub::SetPlanStatus, plans_.get(), req);
    }
    p1_ = testing::MintTestToken(*server_, core::Grant::kEmployee, "p1");
    p2_ = testing::MintTestToken(*server_, core::Grant::kEmployee, "p2");
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status PlanCalendar(const std::string& token, v1::CalendarFile* out) {
    grpc::ClientContext ctx;
    v1::GetRequest req;
    req.set_id(plan_.id());
    return v1::PlanService::NewStub(testing::ChannelAs(*server_, token))->GetPlanCalendar(&ctx, req, out);
  }
  grpc::Status Feed(const std::string& token, const std::string& person, bool create, v1::CalendarFeed* feed) {
    grpc::ClientContext ctx;
    v1::CalendarFeedRequest req;
    req.set_person_id(person);
    auto stub = v1::PlanService::NewStub(testing::ChannelAs(*server_, token));
    if (create) return stub->CreateCalendarFeed(&ctx, req, feed);
    v1::RevokeCalendarFeedResponse r;
    return stub->RevokeCalendarFeed(&ctx, req, &r);
  }

  // What check_ics.py says of `ics` against the plan's steps: "" when it
  // parses and its events are exactly the plan's.
  std::string CheckWithIcalendar(const std::string& ics, bool publish) {
    const std::string base = files_.path() + (publish ? "-feed" : "-plan");
    std::ofstream(base + ".ics", std::ios::binary) << ics;
    std::string events;
    for (const v1::PlanStep& s : plan_.steps()) {
      const bool day = s.session_id().empty();
      std::string start = Iso(s.planned_start(), day), end = Iso(s.planned_end(), day);
      if (day) {  // whole days: DTEND is the day after the last day the step takes any of
        end = absl::FormatTime("%Y-%m-%d",
                               absl::FromUnixSeconds(s.planned_end().seconds()) - absl::Nanoseconds(1) + absl::Hours(24),
                               absl::UTCTimeZone());
      }
      absl::StrAppend(&events, events.empty() ? "" : ",", R"({"uid": ")", plan_.id(), "-", s.seq(),
                      R"(@skillpath", "summary": ")", s.title(), R"(", "location": ")", day ? "" : kLocation,
                      R"(", "all_day": )", day ? "true" : "false", R"(, "start": ")", start, R"(", "end": ")", end,
                      R"("})");
    }
    std::ofstream(base + ".json") << R"({"publish": )" << (publish ? "true" : "false")
                                  << R"(, "name": "skillpath: Kari Nordmann", "events": [)" << events
                                  << R"(], "description_contains": ["https://kurs.example/grunn", "raises GDPR from 0 to 1"]})";
    const std::string out = base + ".out";
    const std::string command = absl::StrCat(SKILLPATH_ICAL_PYTHON, " ", SKILLPATH_SOURCE_DIR,
                                             "/tests/ical/check_ics.py ", base, ".ics ", base, ".json > ", out, " 2>&1");
    const int rc = std::system(command.c_str());
    std::ifstream in(out);
    std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (rc != 0) return said;  // the files stay, to look at
    for (const char* ext : {".ics", ".json", ".out"}) std::filesystem::remove(base + ext);
    return "";
  }

  v1::LearningPlan plan_;
  std::string p1_, p2_;
  db::testing::TempDbPath files_;  // a scratch name for the parser's files
};

TEST_F(PlanCalendarTest, TheIcsParsesAndHoldsThePlansSteps) {
  // A self-paced step first, then a classroom session (the test's premise).
  ASSERT_TRUE(plan_.steps(0).session_id().empty());
  ASSERT_EQ(plan_.steps(1).session_id(), "mars");
  v1::CalendarFile file;
  ASSERT_TRUE(PlanCalendar(p1_, &file).ok());
  EXPECT_EQ(file.file_name(), "skillpath-plan-" + plan_.id() + ".ics");
  EXPECT_EQ(CheckWithIcalendar(file.content(), false), "");
  EXPECT_THAT(file.content(), HasSubstr("LOCATION:Rådhuset\\, sal 2\\; Oslo\r\n"));
}

TEST_F(PlanCalendarTest, OnlyThoseWhoMaySeeThePlanGetItsCalendarAndOthersAreAudited) {
  v1::CalendarFile file;
  EXPECT_EQ(PlanCalendar(p2_, &file).error_code(), grpc::PERMISSION_DENIED) << "another employee";
  EXPECT_EQ(PlanCalendar(testing::MintTestToken(*server_, core::Grant::kAggregate), &file).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(PlanCalendar(testing::MintTestToken(*server_, core::Grant::kAdmin), &file).error_code(),
            grpc::PERMISSION_DENIED) << "ADMIN reads no plans";
  ASSERT_TRUE(PlanCalendar(testing::MintTestToken(*server_, core::Grant::kHr), &file).ok());
  ASSERT_TRUE(server_->AuditForTest().Flush().ok());
  grpc::ClientContext ctx;
  v1::ListAuditEventsRequest req;
  req.set_subject("p1");
  v1::ListAuditEventsResponse audit;
  ASSERT_TRUE(v1::AuthService::NewStub(channel_)->ListAuditEvents(&ctx, req, &audit).ok());
  int reads = 0;
  for (const v1::AuditEvent& e : audit.events()) {
    reads += e.method() == "skillpath.v1.PlanService/GetPlanCalendar" && e.outcome() == "OK";
  }
  EXPECT_EQ(reads, 1) << "HR's read is audited; the person's own is not";
}

TEST_F(PlanCalendarTest, TheFeedUrlServesTheActivePlansUntilItsSecretIsRevoked) {
  v1::CalendarFeed feed;
  ASSERT_TRUE(Feed(p1_, "p1", true, &feed).ok());
  EXPECT_EQ(feed.path(), "/calendar/" + feed.secret() + ".ics");
  const std::string http = server_->http_address();
  Reply got = HttpGet(http, feed.path());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(CheckWithIcalendar(got.body, true), "");

  // The secret opens the feed and nothing else.
  {
    grpc::ClientContext ctx;
    v1::GetRequest req;
    req.set_id(plan_.id());
    v1::LearningPlan out;
    EXPECT_EQ(v1::PlanService::NewStub(testing::ChannelAs(*server_, feed.secret()))->GetPlan(&ctx, req, &out).error_code(),
              grpc::UNAUTHENTICATED);
  }
  // Someone else can neither make nor end p1's feed; an ADMIN can.
  v1::CalendarFeed other;
  EXPECT_EQ(Feed(p2_, "p1", true, &other).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Feed(p2_, "p1", false, nullptr).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(HttpGet(http, feed.path()).status, 200);

  // Rotating: the old URL stops, the new one works.
  v1::CalendarFeed rotated;
  ASSERT_TRUE(Feed(p1_, "p1", true, &rotated).ok());
  EXPECT_NE(rotated.secret(), feed.secret());
  const Reply old = HttpGet(http, feed.path());
  EXPECT_EQ(old.status, 404);
  EXPECT_EQ(HttpGet(http, rotated.path()).status, 200);

  // Revoked (by an ADMIN here): 404, the same answer as a secret never made.
  ASSERT_TRUE(Feed(testing::MintTestToken(*server_, core::Grant::kAdmin), "p1", false, nullptr).ok());
  const Reply revoked = HttpGet(http, rotated.path());
  const Reply unknown = HttpGet(http, "/calendar/cal_0000000000000000.bm90LWEtc2VjcmV0.ics");
  EXPECT_EQ(revoked.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(revoked.body, unknown.body);
  EXPECT_EQ(old.body, unknown.body);
}

TEST_F(PlanCalendarTest, MeIsTheSignedInPersonsCalendarFromOurOwnPagesOnly) {
  SessionGrant who;
  who.person_id = "p1";
  who.issuer = "https://idp.example";
  who.subject = "kari";
  auto session = MintSession(who, 0, 3600 * core::kMicrosPerSecond, kNow * core::kMicrosPerSecond);
  ASSERT_TRUE(session.ok()) << session.status();
  ASSERT_TRUE(server_->writer()
                  .RunAndWait([&](core::Repositories& repos) { return repos.access.PutToken(session->record); })
                  .ok());
  const std::string cookie = SessionCookieName(false) + "=" + session->token;
  const std::string http = server_->http_address();
  const Reply own = HttpGet(http, "/calendar/me.ics", {{"cookie", cookie}, {"sec-fetch-site", "same-origin"}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(CheckWithIcalendar(own.body, true), "");
  // Typed into the address bar: the browser says "none".
  EXPECT_EQ(HttpGet(http, "/calendar/me.ics", {{"cookie", cookie}, {"sec-fetch-site", "none"}}).status, 200);
  // Another site's link or script does not get it, nor a request without the cookie.
  EXPECT_EQ(HttpGet(http, "/calendar/me.ics", {{"cookie", cookie}, {"sec-fetch-site", "cross-site"}}).status, 404);
  EXPECT_EQ(HttpGet(http, "/calendar/me.ics").status, 404);
}

TEST_F(PlanCalendarTest, TheFeedHoldsOnlyApprovedAndInProgressPlans) {
  v1::SetPlanStatusRequest req;
  req.set_plan_id(plan_.id());
  req.set_status(v1::CANCELLED);
  testing::Call(&v1::PlanService::Stub::SetPlanStatus, plans_.get(), req);
  grpc::ClientContext ctx;
  v1::CalendarFile file;
  ASSERT_TRUE(v1::PlanService::NewStub(testing::ChannelAs(*server_, p1_))->GetCalendarFeed(&ctx, {}, &file).ok());
  EXPECT_THAT(file.content(), HasSubstr("METHOD:PUBLISH\r\n"));
  EXPECT_THAT(file.content(), ::testing::Not(HasSubstr("BEGIN:VEVENT")));
  // A token without a person has no feed of its own.
  grpc::ClientContext ctx2;
  EXPECT_EQ(v1::PlanService::NewStub(testing::ChannelAs(*server_, testing::MintTestToken(*server_, core::Grant::kHr)))
                ->GetCalendarFeed(&ctx2, {}, &file)
                .error_code(),
            grpc::PERMISSION_DENIED);
}

}  // namespace
}  // namespace skillpath::services
