// The HTTP side over real HTTP with a plain client (Boost.Beast): every
// service reachable through the one transcoder, JSON field names per
// protobuf's JSON mapping, Connect errors with the right HTTP status, the
// token required, static files without a way out of the web root,
// keep-alive, limits, /healthz and /metrics.
#include "http/http_gateway.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <zlib.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/ascii.h"
#include "http/web_files.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/gap.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/db/db_files.h"
#include "testing/connect_codes.h"
#include "testing/service_test.h"
#include "testing/gzip.h"

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
  std::map<std::string, std::string> headers;  // names in lower case
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
  void Write(const std::string& bytes) { net::write(socket_, net::buffer(bytes)); }
  Reply ReadReply(bool head = false) {
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (head) parser.skip(true);
    http::read(socket_, buffer, parser);
    auto res = parser.release();
    Reply r{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
            std::string(res[http::field::content_length]), res.body(), {}};
    for (const auto& field : res) r.headers[absl::AsciiStrToLower(std::string(field.name_string()))] = std::string(field.value());
    return r;
  }

 private:
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

    ServerOptions options = testing::TestServerOptions(tmp_.path());
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
  expect(Post(http_, "FrameworkService/ImportFramework", "{}", admin_), 400, "invalid_argument");  // content: must not be empty
  expect(Post(http_, "GapService/NoSuchMethod", "{}", hr_), 404, "unimplemented");  // the protocol's rule
  expect(Post(http_, "AssessmentService/ImportAssessments", "{}", hr_), 415, "invalid_argument");  // streams: see http_stream_test.cc
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

using skillpath::services::testing::Gzip;

std::string PersonGapRequest(const std::string& person) {
  v1::GetPersonGapRequest req;
  req.set_person_id(person);
  return req.SerializeAsString();
}

void ExpectConnectError(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/json") << r.body;
  EXPECT_NE(r.body.find("\"code\":\"" + code + "\""), std::string::npos) << r.body;
}

TEST_F(HttpGatewayTest, AHeaderThatCannotBeGrpcMetadataIsRefusedAndTheServerStaysUp) {
  // grpc++ aborted the whole process on these (GRPC_CALL_ERROR_INVALID_METADATA).
  for (const std::string& value : {std::string("x\ty"), std::string("Bearer \x80\xff"), "Bearer " + hr_ + "\t1",
                                   "Bearer tok_\xc3\xa6." + hr_}) {
    Client c(http_);
    Reply r = c.Raw("POST /skillpath.v1.AuthService/WhoAmI HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Authorization: " + value + "\r\nContent-Length: 2\r\n\r\n{}");
    ExpectConnectError(r, 401, "unauthenticated");
    EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
    EXPECT_EQ(r.body.find('\x80'), std::string::npos) << "no raw bytes echoed";
    // The same connection, and the server, still answer.
    EXPECT_EQ(c.Send(http::verb::get, "/healthz").status, 200);
  }
  Client two(http_);
  ExpectConnectError(two.Raw("POST /skillpath.v1.AuthService/WhoAmI HTTP/1.1\r\nHost: x\r\n"
                             "Content-Type: application/json\r\nAuthorization: Bearer " + hr_ +
                             "\r\nAuthorization: Bearer " + admin_ + "\r\nContent-Length: 2\r\n\r\n{}"),
                     401, "unauthenticated");
  EXPECT_EQ(Post(http_, "AuthService/WhoAmI", "{}", hr_).status, 200);
}

TEST_F(HttpGatewayTest, TheBearerSchemeIsRequiredOnBothPorts) {
  Client c(http_);
  Reply bare = c.Send(http::verb::post, "/skillpath.v1.AuthService/WhoAmI", "{}",
                      {{"content-type", "application/json"}, {"authorization", hr_}});
  ExpectConnectError(bare, 401, "unauthenticated");
  EXPECT_NE(bare.body.find("authorization: Bearer <token>"), std::string::npos) << bare.body;
  EXPECT_EQ(c.Send(http::verb::post, "/skillpath.v1.AuthService/WhoAmI", "{}",
                   {{"content-type", "application/json"}, {"authorization", "bEaReR " + hr_}})
                .status,
            200);
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  for (const auto& [value, ok] : std::vector<std::pair<std::string, bool>>{{hr_, false}, {"Bearer " + hr_, true}}) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", value);
    v1::ListOrgUnitsResponse units;
    const grpc::Status status = v1::OrgService::NewStub(channel)->ListOrgUnits(&ctx, v1::ListOrgUnitsRequest(), &units);
    EXPECT_EQ(status.ok(), ok) << value << ": " << status.error_message();
    if (!ok) {
      EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED);
      EXPECT_NE(status.error_message().find("Bearer"), std::string::npos) << status.error_message();
    }
  }
}

TEST_F(HttpGatewayTest, ConnectBinaryRequestsGetBinaryAnswersAndJsonErrors) {
  Reply gap = Post(http_, "GapService/GetPersonGap", PersonGapRequest("kari"), hr_, "application/proto");
  ASSERT_EQ(gap.status, 200) << gap.body;
  EXPECT_EQ(gap.content_type, "application/proto");
  v1::PersonGap answer;
  ASSERT_TRUE(answer.ParseFromString(gap.body));
  EXPECT_EQ(answer.person_id(), "kari");
  // Errors are JSON whatever the request's codec, as the protocol has it.
  ExpectConnectError(Post(http_, "GapService/GetPersonGap", PersonGapRequest("ghost"), hr_, "application/proto"), 404,
                     "not_found");
  // Undecodable protobuf is the caller's error, with a message.
  Reply bad = Post(http_, "GapService/GetPersonGap", std::string("\x0a\x7f\x01", 3), hr_, "application/proto");
  ExpectConnectError(bad, 400, "invalid_argument");
  EXPECT_NE(bad.body.find("skillpath.v1.GetPersonGapRequest"), std::string::npos) << bad.body;
  EXPECT_EQ(Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", hr_, "application/json; charset=utf-8")
                .status,
            200);
  // No Content-Type at all (the first fuzzing run found this crashing the server).
  Client none(http_);
  ExpectConnectError(none.Raw("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\n"
                              "Content-Length: 2\r\n\r\n{}"),
                     415, "invalid_argument");
  EXPECT_EQ(none.Send(http::verb::get, "/healthz").status, 200);
  Reply other = Post(http_, "GapService/GetPersonGap", "{}", hr_, "application/xml");
  ExpectConnectError(other, 415, "invalid_argument");
  EXPECT_EQ(other.headers["accept-post"], "application/json, application/proto");
}

TEST_F(HttpGatewayTest, GzipBodiesAreInflatedWithinTheLimit) {
  Client c(http_);
  auto post = [&](const std::string& body, const std::string& encoding, const std::string& type = "application/json") {
    return c.Send(http::verb::post, "/skillpath.v1.GapService/GetPersonGap", body,
                  {{"content-type", type}, {"content-encoding", encoding}, {"authorization", "Bearer " + hr_}});
  };
  Reply json = post(Gzip(R"({"personId": "kari"})"), "gzip");
  EXPECT_EQ(json.status, 200) << json.body;
  EXPECT_NE(json.body.find("\"personId\":\"kari\""), std::string::npos) << json.body;
  EXPECT_EQ(post(Gzip(PersonGapRequest("kari")), "GZIP", "application/proto").status, 200);
  EXPECT_EQ(post(R"({"personId": "kari"})", "identity").status, 200);
  Reply corrupt = post(Gzip(R"({"personId": "kari"})").substr(0, 12), "gzip");
  ExpectConnectError(corrupt, 400, "invalid_argument");
  Reply brotli = post(R"({"personId": "kari"})", "br");
  ExpectConnectError(brotli, 501, "unimplemented");
  EXPECT_EQ(brotli.headers["accept-encoding"], "gzip");
  // 5 MiB of spaces in a few KiB: stopped at the 4 MiB body limit.
  Reply bomb = post(Gzip("{\"personId\": \"kari\"" + std::string(5 << 20, ' ') + "}"), "gzip");
  ExpectConnectError(bomb, 413, "resource_exhausted");
  EXPECT_EQ(Post(http_, "AuthService/WhoAmI", "{}", hr_).status, 200);
}

TEST_F(HttpGatewayTest, ErrorMessagesNeverEchoRawBytes) {
  for (const std::string& body : {std::string("{\"personId\": \"\xff\xfe\"}"), std::string("{\"personId\xc0\xaf: 1"),
                                  std::string("{\"personId\": \"\\udc00\"}"), std::string("{\"x\x01\x80\": 1}")}) {
    Reply r = Post(http_, "GapService/GetPersonGap", body, hr_);
    ExpectConnectError(r, 400, "invalid_argument");
    EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
    for (char c : r.body) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << r.body;
  }
  // An unknown person's id comes back in the server's message: as text.
  Reply ghost = Post(http_, "GapService/GetPersonGap", R"({"personId": "gh\u0001ost"})", hr_);
  EXPECT_EQ(ghost.body.find("\\u0001"), std::string::npos) << ghost.body;
}

TEST_F(HttpGatewayTest, ABodyOverTheLimitIsAnsweredBeforeTheConnectionCloses) {
  const std::string body(5 << 20, ' ');
  {  // the whole body written, then the answer read: no EPIPE or reset on the way
    Client c(http_);
    c.Write("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    Reply r = c.ReadReply();
    ExpectConnectError(r, 413, "resource_exhausted");
    EXPECT_EQ(r.headers["connection"], "close");
  }
  {  // chunked: found out once the chunks pass the limit
    Client c(http_);
    std::string chunked = "POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) chunked += "100000\r\n" + std::string(1 << 20, ' ') + "\r\n";
    chunked += "0\r\n\r\n";
    c.Write(chunked);
    ExpectConnectError(c.ReadReply(), 413, "resource_exhausted");
  }
  {  // Expect: 100-continue: refused from the headers, before any body is sent
    Client c(http_);
    Reply r = c.Raw("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    "Content-Type: application/json\r\nContent-Length: 5242880\r\n\r\n");
    ExpectConnectError(r, 413, "resource_exhausted");
  }
  {  // and a body within it goes on after 100 Continue
    Client c(http_);
    const std::string json = R"({"personId": "kari"})";
    c.Write("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            "Content-Type: application/json\r\nAuthorization: Bearer " + hr_ +
            "\r\nContent-Length: " + std::to_string(json.size()) + "\r\n\r\n");
    EXPECT_EQ(c.ReadReply(true).status, 100);
    c.Write(json);
    EXPECT_EQ(c.ReadReply().status, 200);
  }
}

TEST_F(HttpGatewayTest, UnknownMethodsAndVerbsFollowTheConnectProtocol) {
  ExpectConnectError(Post(http_, "GapService/NoSuchMethod", "{}", hr_), 404, "unimplemented");
  ExpectConnectError(Post(http_, "NoService/GetPersonGap", "{}", hr_), 404, "unimplemented");
  Client c(http_);
  Reply get = c.Send(http::verb::get, "/skillpath.v1.GapService/GetPersonGap");
  ExpectConnectError(get, 405, "unimplemented");
  EXPECT_EQ(get.headers["allow"], "POST");
  Reply put = c.Send(http::verb::put, "/skillpath.v1.GapService/GetPersonGap", "{}");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.headers["allow"], "POST");
  Reply del = c.Send(http::verb::delete_, "/index.html");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(del.headers["allow"], "GET, HEAD");
  ExpectConnectError(c.Send(http::verb::post, "/skillpath.v1.GapService/GetPersonGap", R"({"personId": "kari"})",
                            {{"content-type", "application/json"},
                             {"authorization", "Bearer " + hr_},
                             {"connect-protocol-version", "2"}}),
                     400, "invalid_argument");
  EXPECT_EQ(c.Send(http::verb::post, "/skillpath.v1.GapService/GetPersonGap", R"({"personId": "kari"})",
                   {{"content-type", "application/json"},
                    {"authorization", "Bearer " + hr_},
                    {"connect-protocol-version", "1"}})
                .status,
            200);
}

TEST_F(HttpGatewayTest, ConnectTimeoutMsIsTheCallsDeadline) {
  Client c(http_);
  auto post = [&](const std::string& timeout) {
    return c.Send(http::verb::post, "/skillpath.v1.GapService/GetPersonGap", R"({"personId": "kari"})",
                  {{"content-type", "application/json"},
                   {"authorization", "Bearer " + hr_},
                   {"connect-timeout-ms", timeout}});
  };
  EXPECT_EQ(post("60000").status, 200);
  EXPECT_EQ(post("9999999999").status, 200);  // ten digits: allowed, bounded by the gateway's call timeout
  for (const char* bad : {"0", "-5", "1.5", "abc", "12345678901", " ", "1e3"}) {
    Reply r = post(bad);
    ExpectConnectError(r, 400, "invalid_argument");
    EXPECT_NE(r.body.find("Connect-Timeout-Ms"), std::string::npos) << r.body;
  }
  // The deadline counts from the headers: with the body sent well after a
  // 1 ms timeout, the call has expired before it is made. (The pause is
  // what makes the deadline pass; nothing waits on the server.)
  const std::string json = R"({"personId": "kari"})";
  c.Write("POST /skillpath.v1.GapService/GetPersonGap HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          "Connect-Timeout-Ms: 1\r\nAuthorization: Bearer " + hr_ +
          "\r\nContent-Length: " + std::to_string(json.size()) + "\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  c.Write(json);
  ExpectConnectError(c.ReadReply(), 504, "deadline_exceeded");
  EXPECT_EQ(post("60000").status, 200);
}

TEST_F(HttpGatewayTest, EveryAnswerCarriesTheSecurityHeaders) {
  Client c(http_);
  for (const char* target : {"/", "/js/app.js", "/healthz", "/missing.html"}) {
    Reply r = c.Send(http::verb::get, target);
    EXPECT_EQ(r.headers["content-security-policy"], kContentSecurityPolicy) << target;
    EXPECT_NE(r.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r.headers["content-security-policy"].find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << target;
    EXPECT_EQ(r.headers["referrer-policy"], "no-referrer") << target;
    EXPECT_EQ(r.headers["x-frame-options"], "DENY") << target;
    EXPECT_EQ(r.headers.count("strict-transport-security"), 0u) << "no HSTS over plain HTTP";
  }
  Reply api = Post(http_, "GapService/GetPersonGap", R"({"personId": "kari"})", hr_);
  EXPECT_EQ(api.headers["x-content-type-options"], "nosniff");
}

// A local IPv4 address that is not loopback, or "" if the machine has none.
std::string NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* a = list; a && found.empty(); a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP)) {
      continue;
    }
    char text[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text)) found = text;
  }
  freeifaddrs(list);
  return found;
}

TEST_F(HttpGatewayTest, DemoUsersAreOfferedToTheServersOwnMachineOnly) {
  // A gateway on every address (the server would refuse that without TLS or
  // --allow-insecure), so that the same machine can connect from outside loopback.
  HttpOptions options;
  options.listen = "0.0.0.0:0";
  std::atomic<int> made{0};  // the list is made (its tokens checked) only for the server's own machine
  options.demo_users = [&made] {
    ++made;
    return std::string(R"([{"grant": "HR"}])");
  };
  auto gateway = HttpGateway::Start(options, server_->InProcessChannel(), nullptr, nullptr);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string port = std::to_string((*gateway)->PortForTest());
  Client local("127.0.0.1:" + port);
  Reply mine = local.Send(http::verb::get, "/demo-users.json");
  EXPECT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body, R"([{"grant": "HR"}])");
  const std::string remote = NonLoopbackAddress();
  if (remote.empty()) GTEST_SKIP() << "no address outside loopback to connect from";
  Client outside(remote + ":" + port);
  Reply theirs = outside.Send(http::verb::get, "/demo-users.json");
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(theirs.body.find("HR"), std::string::npos) << theirs.body;
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(outside.Send(http::verb::get, "/healthz").status, 200) << "the rest is served as before";
}

TEST(HttpGatewayStart, PlainHttpOnlyOnLoopbackUnlessAllowed) {
  db::testing::TempDbPath tmp;
  ServerOptions options = testing::TestServerOptions(tmp.path());
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
  testing::ExpectConnectCodesAndStatuses();
}

}  // namespace
}  // namespace skillpath::services
