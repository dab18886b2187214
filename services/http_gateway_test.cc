// The HTTP side over real HTTP with a plain client (Boost.Beast): every
// service reachable through the one transcoder, JSON field names per
// protobuf's JSON mapping, Connect errors with the right HTTP status, the
// token required, static files without a way out of the web root,
// keep-alive, limits, /healthz and /metrics.
#include "services/http_gateway.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "db/test_util.h"
#include "services/test_server.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct Reply {
  int status = 0;
  std::string content_type;
  std::string content_length;
  std::string body;
};

// A connection that can carry several requests (keep-alive).
class Client {
 public:
  explicit Client(const std::string& address) : socket_(io_) {
    const size_t colon = address.rfind(':');
    tcp::resolver resolver(io_);
    net::connect(socket_, resolver.resolve(address.substr(0, colon), address.substr(colon + 1)));
  }
  Reply Send(http::verb verb, const std::string& target, const std::string& body = "",
             const std::map<std::string, std::string>& headers = {}) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "localhost");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(socket_, req);
    return ReadReply(verb == http::verb::head);
  }
  // Writes `bytes` as they are, then reads the answer.
  Reply Raw(const std::string& bytes) {
    net::write(socket_, net::buffer(bytes));
    return ReadReply(false);
  }

 private:
  Reply ReadReply(bool head) {
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (head) parser.skip(true);
    http::read(socket_, buffer, parser);
    auto res = parser.release();
    return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
            std::string(res[http::field::content_length]), res.body()};
  }

  net::io_context io_;
  tcp::socket socket_;
};

Reply Post(const std::string& address, const std::string& method, const std::string& json, const std::string& token,
           const std::string& content_type = "application/json") {
  Client c(address);
  std::map<std::string, std::string> headers = {{"content-type", content_type}};
  if (!token.empty()) headers["authorization"] = "Bearer " + token;
  return c.Send(http::verb::post, "/skillpath.v1." + method, json, headers);
}

class HttpGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(tmp_.path() + "-web");
    std::filesystem::create_directories(root_ / "js");
    std::ofstream(root_ / "index.html") << "<!doctype html><title>skillpath</title>";
    std::ofstream(root_ / "js" / "app.js") << "export const x = 1;\n";
    std::ofstream(tmp_.path() + "-secret.txt") << "not for the web";
    std::filesystem::create_symlink(tmp_.path() + "-secret.txt", root_ / "link.txt");

    ServerOptions options;
    options.db_path = tmp_.path();
    options.listen = "127.0.0.1:0";
    options.http_listen = "127.0.0.1:0";
    options.web_root = root_.string();
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    http_ = server_->http_address();
    admin_ = testing::MintTestToken(*server_, core::Grant::kAdmin);
    hr_ = testing::MintTestToken(*server_, core::Grant::kHr);
    // One unit and one person, through HTTP.
    ASSERT_EQ(Post(http_, "OrgService/UpsertOrgUnit", R"({"id": "oslo", "name": "Oslo"})", admin_).status, 200);
    Reply p = Post(http_, "OrgService/UpsertPerson",
                   R"({"id": "kari", "name": "Kari Nordmann", "orgUnitId": "oslo", "active": true})", admin_);
    ASSERT_EQ(p.status, 200) << p.body;
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    std::filesystem::remove_all(root_);
    std::filesystem::remove(tmp_.path() + "-secret.txt");
  }

  db::testing::TempDbPath tmp_;
  std::filesystem::path root_;
  std::unique_ptr<Server> server_;
  std::string http_, admin_, hr_;
};

TEST_F(HttpGatewayTest, EveryServiceAnswersJsonWithProtobufFieldNames) {
  Reply gap = Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", hr_);
  ASSERT_EQ(gap.status, 200) << gap.body;
  EXPECT_EQ(gap.content_type, "application/json");
  EXPECT_NE(gap.body.find("\"personId\":\"kari\""), std::string::npos) << gap.body;
  EXPECT_NE(gap.body.find("\"requiredMetRatio\""), std::string::npos) << "lowerCamelCase, defaults printed";
  // The original field names are accepted too (protobuf's JSON parser).
  EXPECT_EQ(Post(http_, "GapService/GetPersonGap", R"({"person_id": "kari"})", hr_).status, 200);

  const std::vector<std::pair<std::string, std::string>> calls = {
      {"FrameworkService/ListFrameworks", "{}"},
      {"OrgService/GetPerson", R"({"id": "kari"})"},
      {"AssessmentService/ListAssessments", R"({"personId": "kari"})"},
      {"CatalogService/ListResources", "{}"},
      {"GapService/GetOrgSummary", "{}"},
      {"PlanService/GeneratePlan", R"({"personId": "kari"})"},
      {"AuthService/ListTokens", "{}"},
      {"PrivacyService/ExportPersonData", R"({"personId": "kari"})"},
  };
  for (const auto& [method, body] : calls) {
    const bool admin = method.rfind("AuthService", 0) == 0 || method.rfind("PrivacyService", 0) == 0 ||
                       method.rfind("OrgService", 0) == 0;
    Reply r = Post(http_, method, body, admin ? admin_ : hr_);
    EXPECT_EQ(r.status, 200) << method << ": " << r.body;
    EXPECT_EQ(r.body.front(), '{') << method;
  }
}

TEST_F(HttpGatewayTest, ErrorsAreConnectErrorsWithTheMatchingStatus) {
  auto expect = [](const Reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_NE(r.body.find("\"code\":\"" + code + "\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"message\":\""), std::string::npos) << r.body;
  };
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", ""), 401, "unauthenticated");
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", "tok_x.nope"), 401, "unauthenticated");
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": "ghost"})", hr_), 404, "not_found");
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": ""})", hr_), 400, "invalid_argument");
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": 7, )", hr_), 400, "invalid_argument");
  expect(Post(http_, "GapService/GetPersonGap", R"({"nobody": "x"})", hr_), 400, "invalid_argument");
  expect(Post(http_, "FrameworkService/UpsertFramework", R"({"name": "x"})", hr_), 403, "permission_denied");
  const std::string employee = testing::MintTestToken(*server_, core::Grant::kEmployee, "kari");
  expect(Post(http_, "OrgService/ListPeople", "{}", employee), 403, "permission_denied");
  expect(Post(http_, "FrameworkService/ImportFramework", "{}", admin_), 501, "unimplemented");
  expect(Post(http_, "GapService/NoSuchMethod", "{}", hr_), 404, "not_found");
  expect(Post(http_, "AssessmentService/ImportAssessments", "{}", hr_), 404, "unimplemented");
  expect(Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", hr_, "text/plain"), 415,
         "invalid_argument");
  Client c(http_);
  expect(c.Send(http::verb::get, "/skillpath.v1.GapService/GetPersonGap"), 405, "unimplemented");
  // Larger than the limit: refused from its Content-Length, before the body.
  Client big(http_);
  expect(big.Raw("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\n"
                 "Content-Type: application/json\r\nContent-Length: 5242880\r\n\r\n"),
         413, "resource_exhausted");
  // The message is escaped JSON (quotes from the error text).
  Reply quoted = Post(http_, "GapService/GetPersonGap", R"({"personId": "gh\"ost"})", hr_);
  EXPECT_EQ(quoted.status, 400);
}

TEST_F(HttpGatewayTest, StaticFilesStayInsideTheWebRoot) {
  Client c(http_);
  Reply index = c.Send(http::verb::get, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("skillpath"), std::string::npos);
  Reply js = c.Send(http::verb::get, "/js/app.js?v=1");  // and keep-alive: same connection
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  Reply head = c.Send(http::verb::head, "/js/app.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_length, "20");
  EXPECT_TRUE(head.body.empty());
  for (const char* bad : {"/../" , "/../CMakeLists.txt", "/js/../../secret.txt", "/%2e%2e/x", "/link.txt",
                          "/js", "/missing.html", "/js/..%2f..%2fsecret"}) {
    Reply r = c.Send(http::verb::get, bad);
    EXPECT_EQ(r.status, 404) << bad;
    EXPECT_EQ(r.body.find("not for the web"), std::string::npos) << bad;
  }
  EXPECT_EQ(c.Send(http::verb::delete_, "/index.html").status, 405);
}

TEST_F(HttpGatewayTest, HealthAndMetrics) {
  Client c(http_);
  Reply health = c.Send(http::verb::get, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  Reply head = c.Send(http::verb::head, "/healthz");  // same connection: the answer carried no body
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_length, "3");
  EXPECT_EQ(c.Send(http::verb::get, "/healthz").body, "ok\n");
  ASSERT_EQ(Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", hr_).status, 200);
  ASSERT_EQ(Post(http_, "GapService/GetPersonGap", R"({"personId": "ghost"})", hr_).status, 404);
  {  // a streaming call is counted too (gRPC only)
    grpc::ClientContext ctx;
    v1::ImportSummary summary;
    auto writer = v1::AssessmentService::NewStub(testing::ChannelAs(*server_, hr_))->ImportAssessments(&ctx, &summary);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  Reply m = c.Send(http::verb::get, "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4");
  for (const char* line :
       {"skillpath_calls_total{method=\"skillpath.v1.GapService/GetPersonGap\",code=\"OK\"} 1\n",
        "skillpath_calls_total{method=\"skillpath.v1.GapService/GetPersonGap\",code=\"NOT_FOUND\"} 1\n",
        "skillpath_calls_total{method=\"skillpath.v1.OrgService/UpsertPerson\",code=\"OK\"} 1\n",
        "skillpath_calls_total{method=\"skillpath.v1.AssessmentService/ImportAssessments\",code=\"OK\"} 1\n",
        "skillpath_call_seconds_count{method=\"skillpath.v1.GapService/GetPersonGap\"} 2\n",
        "skillpath_call_seconds_bucket{method=\"skillpath.v1.GapService/GetPersonGap\",le=\"+Inf\"} 2\n",
        "# TYPE skillpath_writer_queue_depth gauge\n", "# TYPE skillpath_commit_batch_size histogram\n",
        "skillpath_commit_batch_size_bucket{le=\"+Inf\"} ", "skillpath_database_bytes "}) {
    EXPECT_NE(m.body.find(line), std::string::npos) << line << " missing from\n" << m.body;
  }
}

TEST(HttpGatewayStart, PlainHttpOnlyOnLoopbackUnlessAllowed) {
  db::testing::TempDbPath tmp;
  ServerOptions options;
  options.db_path = tmp.path();
  options.listen = "127.0.0.1:0";
  options.http_listen = "0.0.0.0:0";
  auto refused = Server::Start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("--http"), std::string::npos) << refused.status();
  options.web_root = "/nonexistent/web";
  options.http_listen = "127.0.0.1:0";
  auto bad_root = Server::Start(options);
  ASSERT_FALSE(bad_root.ok());
  EXPECT_NE(bad_root.status().message().find("--web-root"), std::string::npos) << bad_root.status();
}

TEST(ConnectMapping, CodesAndStatusesFollowTheConnectProtocol) {
  EXPECT_STREQ(ConnectCode(grpc::CANCELLED), "canceled");
  EXPECT_EQ(ConnectHttpStatus(grpc::CANCELLED), 499);
  EXPECT_EQ(ConnectHttpStatus(grpc::DEADLINE_EXCEEDED), 504);
  EXPECT_EQ(ConnectHttpStatus(grpc::FAILED_PRECONDITION), 400);
  EXPECT_EQ(ConnectHttpStatus(grpc::UNIMPLEMENTED), 501);
  EXPECT_EQ(ConnectHttpStatus(grpc::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(ConnectHttpStatus(grpc::UNAVAILABLE), 503);
  EXPECT_EQ(ConnectHttpStatus(grpc::DATA_LOSS), 500);
}

}  // namespace
}  // namespace skillpath::services
