// Connect's streaming form over real HTTP (issue #13 item 7: the web
// client's import upload): an import file streamed as envelopes, in pieces
// with chunked transfer encoding or with a Content-Length, larger than the
// unary limit; the answer's envelopes; failures answered in the end of the
// stream after the whole body, with the connection kept; nothing written by
// a dry run or a stream that fails.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "http/connect/connect_stream.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/service_test.h"

namespace skillpath::services {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// The answer of a streaming call: the HTTP status and, for 200, the
// message envelopes and the end of the stream.
struct StreamReply {
  int status = 0;
  std::string content_type;
  std::vector<std::string> messages;
  std::string end;  // the end-of-stream JSON
  std::string body;
};

class Connection {
 public:
  explicit Connection(const std::string& address) : socket_(io_) {
    const size_t colon = address.rfind(':');
    tcp::resolver resolver(io_);
    net::connect(socket_, resolver.resolve(address.substr(0, colon), address.substr(colon + 1)));
  }

  // POSTs `pieces` to `method`: chunked, a chunk per piece, or with a
  // Content-Length when `chunked` is false.
  StreamReply Stream(const std::string& method, const std::vector<std::string>& pieces, const std::string& token,
                     bool chunked = true, const std::string& content_type = "application/connect+json") {
    std::string head = absl::StrCat("POST /skillpath.v1.", method, " HTTP/1.1\r\nHost: localhost\r\nContent-Type: ",
                                    content_type, "\r\n");
    if (!token.empty()) absl::StrAppend(&head, "Authorization: Bearer ", token, "\r\n");
    size_t total = 0;
    for (const std::string& p : pieces) total += p.size();
    absl::StrAppend(&head, chunked ? "Transfer-Encoding: chunked\r\n" : absl::StrCat("Content-Length: ", total, "\r\n"),
                    "\r\n");
    net::write(socket_, net::buffer(head));
    for (const std::string& p : pieces) {
      if (p.empty()) continue;
      net::write(socket_, net::buffer(chunked ? absl::StrCat(absl::Hex(p.size()), "\r\n", p, "\r\n") : p));
    }
    if (chunked) net::write(socket_, net::buffer(std::string("0\r\n\r\n")));
    return Read();
  }

  StreamReply Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket_, buffer_, parser);
    auto res = parser.release();
    StreamReply r{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]), {}, "", res.body()};
    std::string_view body = r.body;
    while (r.status == 200 && body.size() >= 5) {
      const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(body[i])); };
      const uint32_t n = (b(1) << 24) | (b(2) << 16) | (b(3) << 8) | b(4);
      std::string data(body.substr(5, n));
      if (b(0) & kEnvelopeEndStream) {
        r.end = data;
      } else {
        r.messages.push_back(data);
      }
      body.remove_prefix(std::min<size_t>(body.size(), 5 + n));
    }
    return r;
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// The envelopes of an ImportPeople stream: the options, then `file` in
// messages of `chunk` bytes, base64 in JSON as the web client sends them.
std::vector<std::string> PeopleUpload(const std::string& file, const std::string& options_json, size_t chunk) {
  std::vector<std::string> envelopes = {Envelope(0, absl::StrCat(R"({"options":)", options_json, "}"))};
  for (size_t at = 0; at < file.size(); at += chunk) {
    envelopes.push_back(
        Envelope(0, absl::StrCat(R"({"content":")", absl::Base64Escape(file.substr(at, chunk)), R"("})")));
  }
  return envelopes;
}

// Pieces of `envelopes` joined, cut every `size` bytes (across envelopes).
std::vector<std::string> Cut(const std::vector<std::string>& envelopes, size_t size) {
  std::string all;
  for (const std::string& e : envelopes) all += e;
  std::vector<std::string> pieces;
  for (size_t at = 0; at < all.size(); at += size) pieces.push_back(all.substr(at, size));
  return pieces;
}

class HttpStreamTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServerOptions options = testing::TestServerOptions(database_.address());
    options.http_listen = "127.0.0.1:0";
    auto started = Server::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    http_ = server_->http_address();
    hr_ = testing::MintTestToken(*server_, core::Grant::kHr);
    admin_ = testing::MintTestToken(*server_, core::Grant::kAdmin);
    org_ = v1::OrgService::NewStub(testing::ChannelAs(*server_, admin_));
    v1::OrgUnit unit;
    unit.set_id("oslo");
    unit.set_name("Oslo");
    testing::Call(&v1::OrgService::Stub::UpsertOrgUnit, org_.get(), unit);
  }

  int64_t People() {
    v1::ListPeopleRequest req;
    req.set_page_size(1000);
    return testing::Call(&v1::OrgService::Stub::ListPeople, org_.get(), req).people_size();
  }

  std::string http_, hr_, admin_;
};

TEST_F(HttpStreamTest, AnImportStreamedInPiecesAnswersItsDifferenceThenApplies) {
  // A column left out on purpose makes it large with few rows.
  std::string file = "id;name;org_unit_id;Notat\r\n";
  const std::string note(110, 'n');
  for (int i = 0; i < 40000; ++i) absl::StrAppend(&file, "P", 100000 + i, ";Tilsett nummer ", i, ";oslo;", note, "\r\n");
  ASSERT_GT(file.size(), size_t{4} << 20) << "beyond the unary limit of 4 MiB, and of one message";
  Connection c(http_);
  StreamReply dry = c.Stream("OrgService/ImportPeople",
                             Cut(PeopleUpload(file, R"({"dryRun":true,"fileName":"ansatte.csv","ignore":["Notat"]})", 64 * 1024), 10007),
                             hr_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.content_type, "application/connect+json");
  EXPECT_EQ(dry.end, "{}");
  ASSERT_EQ(dry.messages.size(), 1u);
  v1::OrgImportResult result;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(dry.messages[0], &result).ok()) << dry.messages[0];
  EXPECT_TRUE(result.dry_run());
  EXPECT_FALSE(result.applied());
  EXPECT_EQ(result.created(), 40000);
  EXPECT_EQ(result.separator(), ";");
  EXPECT_EQ(People(), 0) << "a dry run writes nothing";

  // Applied, on the same connection, with a Content-Length this time.
  StreamReply applied =
      c.Stream("OrgService/ImportPeople", PeopleUpload(file, R"({"fileName":"ansatte.csv","ignore":["Notat"]})", 1 << 20), hr_, false);
  ASSERT_EQ(applied.status, 200) << applied.body;
  ASSERT_EQ(applied.messages.size(), 1u) << applied.end;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(applied.messages[0], &result).ok());
  EXPECT_TRUE(result.applied());
  EXPECT_EQ(result.created(), 40000);
  EXPECT_EQ(People(), 1000) << "one page of them";
}

TEST_F(HttpStreamTest, FailuresComeInTheEndOfTheStreamAndChangeNothing) {
  const std::string file = "id,name,org_unit_id\nP1,Kari,oslo\nP2,Ola,nowhere\n";
  Connection c(http_);
  // Rows rejected: the answer names them; nothing written.
  StreamReply rejected = c.Stream("OrgService/ImportPeople", PeopleUpload(file, "{}", 8), hr_);
  ASSERT_EQ(rejected.status, 200);
  ASSERT_EQ(rejected.messages.size(), 1u) << rejected.end;
  EXPECT_NE(rejected.messages[0].find("\"line\":\"3\""), std::string::npos) << rejected.messages[0];
  EXPECT_EQ(People(), 0);

  // Not allowed: the error after the whole body, and the connection goes on.
  const std::string employee = testing::MintTestToken(*server_, core::Grant::kAggregate);  // sees no people
  StreamReply denied = c.Stream("OrgService/ImportPeople", PeopleUpload(std::string(300000, 'x'), "{}", 4096), employee);
  ASSERT_EQ(denied.status, 200);
  EXPECT_TRUE(denied.messages.empty());
  EXPECT_NE(denied.end.find(R"("code":"permission_denied")"), std::string::npos) << denied.end;
  StreamReply unauthenticated = c.Stream("OrgService/ImportPeople", PeopleUpload(file, "{}", 8), "");
  EXPECT_NE(unauthenticated.end.find(R"("code":"unauthenticated")"), std::string::npos) << unauthenticated.end;

  // A message that is not one, half-way: named, nothing written.
  std::vector<std::string> bad = PeopleUpload(file, "{}", 8);
  bad.insert(bad.begin() + 3, Envelope(0, R"({"content": 7})"));
  StreamReply broken = c.Stream("OrgService/ImportPeople", bad, hr_);
  EXPECT_NE(broken.end.find(R"("code":"invalid_argument")"), std::string::npos) << broken.end;
  EXPECT_NE(broken.end.find("message 4 of the stream"), std::string::npos) << broken.end;
  // Cut inside an envelope.
  std::vector<std::string> cut = PeopleUpload(file, "{}", 8);
  cut.back().resize(cut.back().size() - 2);
  StreamReply short_body = c.Stream("OrgService/ImportPeople", cut, hr_);
  EXPECT_NE(short_body.end.find("the body ends inside message"), std::string::npos) << short_body.end;
  // One message beyond the limit of a message.
  StreamReply huge = c.Stream("OrgService/ImportPeople", PeopleUpload(std::string(5 << 20, 'x'), "{}", 5 << 20), hr_);
  EXPECT_NE(huge.end.find(R"("code":"resource_exhausted")"), std::string::npos) << huge.end;
  EXPECT_EQ(People(), 0);

  // The unary form for a streaming method, and the streaming form for a
  // unary one: refused with the protocol's statuses.
  StreamReply unary = c.Stream("OrgService/ImportPeople", {"{}"}, hr_, false, "application/json");
  EXPECT_EQ(unary.status, 415) << unary.body;
  StreamReply not_streaming = c.Stream("OrgService/ListPeople", {Envelope(0, "{}")}, hr_);
  EXPECT_EQ(not_streaming.status, 415) << not_streaming.body;

  // And the connection still answers.
  StreamReply good = c.Stream("OrgService/ImportPeople", PeopleUpload("id,name,org_unit_id\nP1,Kari,oslo\n", "{}", 8), hr_);
  ASSERT_EQ(good.messages.size(), 1u) << good.end;
  EXPECT_EQ(People(), 1);
}

TEST_F(HttpStreamTest, AssessmentsStreamInTheBinaryForm) {
  v1::Person p;
  p.set_id("kari");
  p.set_name("Kari");
  p.set_org_unit_id("oslo");
  p.set_active(true);
  testing::Call(&v1::OrgService::Stub::UpsertPerson, org_.get(), p);
  // A competence to rate: the smallest framework there is.
  auto frameworks = v1::FrameworkService::NewStub(testing::ChannelAs(*server_, admin_));
  testing::Call(&v1::FrameworkService::Stub::UpsertFramework, frameworks.get(), testing::PrivacyFramework(5));
  std::vector<std::string> envelopes;
  for (int level : {1, 2, 9}) {
    v1::Assessment a;
    a.set_person_id("kari");
    a.set_competence_id("pv.gdpr");
    a.set_level(level);
    a.set_source(v1::SELF);
    envelopes.push_back(Envelope(0, a.SerializeAsString()));
  }
  Connection c(http_);
  StreamReply r = c.Stream("AssessmentService/ImportAssessments", envelopes, hr_, true, "application/connect+proto");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/connect+proto");
  ASSERT_EQ(r.messages.size(), 1u) << r.end;
  v1::ImportSummary summary;
  ASSERT_TRUE(summary.ParseFromString(r.messages[0]));
  EXPECT_EQ(summary.accepted(), 2);
  EXPECT_EQ(summary.rejected(), 1);
}

}  // namespace
}  // namespace skillpath::services
