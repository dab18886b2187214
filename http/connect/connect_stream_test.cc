// Connect's streaming form without sockets: what the headers of a
// client-streaming call decide, envelopes read from a body in any pieces,
// and the answer's envelopes.
#include "http/connect/connect_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "skillpath/v1/org.pb.h"
#include "testing/gzip.h"

namespace skillpath::services {
namespace {

namespace http = boost::beast::http;
using ::testing::HasSubstr;

constexpr const char* kImportPeople = "/skillpath.v1.OrgService/ImportPeople";
const ConnectLimits kLimits{1024, std::chrono::milliseconds(600000)};

HttpHead Head(const std::string& target, std::vector<std::pair<std::string, std::string>> headers =
                                             {{"content-type", "application/connect+json"}},
              http::verb verb = http::verb::post) {
  HttpHead head;
  head.method(verb);
  head.target(target);
  head.version(11);
  for (const auto& [k, v] : headers) head.insert(k, v);
  return head;
}

StreamCall CallOf(const HttpHead& head) {
  auto parsed = ParseClientStream(head, kLimits);
  if (auto* e = std::get_if<ConnectError>(&parsed)) ADD_FAILURE() << e->message;
  return std::holds_alternative<StreamCall>(parsed) ? std::get<StreamCall>(parsed) : StreamCall{};
}

using skillpath::services::testing::Gzip;

TEST(ConnectStream, CodecsOfTheStreamingForm) {
  EXPECT_EQ(StreamCodecOf("application/connect+json"), Codec::kJson);
  EXPECT_EQ(StreamCodecOf("Application/Connect+JSON; charset=utf-8"), Codec::kJson);
  EXPECT_EQ(StreamCodecOf("application/connect+proto"), Codec::kProto);
  EXPECT_EQ(StreamCodecOf("application/json"), std::nullopt) << "the unary form";
  EXPECT_EQ(StreamCodecOf("application/connect+xml"), std::nullopt);
  EXPECT_EQ(StreamCodecOf(std::string_view()), std::nullopt);
  EXPECT_STREQ(StreamContentTypeOf(Codec::kProto), "application/connect+proto");
}

TEST(ConnectStream, HeadersDecideTheCall) {
  StreamCall call = CallOf(Head(kImportPeople, {{"content-type", "application/connect+proto"},
                                                {"authorization", "Bearer abc"},
                                                {"connect-timeout-ms", "5000"},
                                                {"connect-content-encoding", "gzip"}}));
  ASSERT_NE(call.method, nullptr);
  EXPECT_EQ(call.grpc_path, "/skillpath.v1.OrgService/ImportPeople");
  EXPECT_EQ(call.codec, Codec::kProto);
  EXPECT_EQ(call.authorization, "Bearer abc");
  EXPECT_EQ(call.timeout, std::chrono::milliseconds(5000));
  EXPECT_TRUE(call.gzip);

  const auto expect = [](const HttpHead& head, int status, grpc::StatusCode code, const std::string& words) {
    auto parsed = ParseClientStream(head, kLimits);
    ASSERT_TRUE(std::holds_alternative<ConnectError>(parsed)) << head.target();
    const ConnectError& e = std::get<ConnectError>(parsed);
    EXPECT_EQ(e.status(), status) << e.message;
    EXPECT_EQ(e.code, code) << e.message;
    EXPECT_THAT(e.message, HasSubstr(words));
  };
  expect(Head("/skillpath.v1.GapService/GetPersonGap"), 404, grpc::UNIMPLEMENTED, "not a client-streaming");
  expect(Head("/skillpath.v1.OrgService/Nope"), 404, grpc::UNIMPLEMENTED, "no method");
  expect(Head(kImportPeople, {{"content-type", "application/json"}}), 415, grpc::INVALID_ARGUMENT,
         "application/connect+json");
  expect(Head(kImportPeople, {}, http::verb::get), 405, grpc::UNIMPLEMENTED, "POST");
  expect(Head(kImportPeople, {{"content-type", "application/connect+json"}, {"connect-content-encoding", "br"}}),
         501, grpc::UNIMPLEMENTED, "'br'");
  expect(Head(kImportPeople, {{"content-type", "application/connect+json"}, {"content-encoding", "gzip"}}), 400,
         grpc::INVALID_ARGUMENT, "message by message");
  expect(Head(kImportPeople, {{"content-type", "application/connect+json"}, {"authorization", "Bearer \x01"}}), 401,
         grpc::UNAUTHENTICATED, "printable ASCII");
}

TEST(ConnectStream, EnvelopesComeOutWhicheverPiecesTheBodyArrivesIn) {
  v1::OrgImportChunk first;
  first.mutable_options()->set_dry_run(true);
  first.mutable_options()->set_file_name("ansatte.csv");
  v1::OrgImportChunk second;
  second.set_content("id,name\nP1,Kari\n");
  const std::string body = Envelope(0, R"({"options":{"dryRun":true,"fileName":"ansatte.csv"}})") +
                           Envelope(0, R"({"content":")" + std::string("aWQsbmFtZQpQMSxLYXJpCg==") + R"("})");
  for (size_t piece : {size_t{1}, size_t{3}, size_t{7}, body.size()}) {
    EnvelopeReader reader(CallOf(Head(kImportPeople)), 1024);
    std::vector<std::string> messages;
    for (size_t at = 0; at < body.size(); at += piece) {
      auto fed = reader.Feed(std::string_view(body).substr(at, piece));
      ASSERT_TRUE(std::holds_alternative<std::vector<std::string>>(fed)) << std::get<ConnectError>(fed).message;
      for (auto& m : std::get<std::vector<std::string>>(fed)) messages.push_back(m);
    }
    EXPECT_EQ(reader.Finish(), std::nullopt);
    ASSERT_EQ(messages.size(), 2u) << "pieces of " << piece;
    v1::OrgImportChunk got;
    ASSERT_TRUE(got.ParseFromString(messages[0]));
    EXPECT_EQ(got.SerializeAsString(), first.SerializeAsString());
    ASSERT_TRUE(got.ParseFromString(messages[1]));
    EXPECT_EQ(got.content(), second.content());
    EXPECT_EQ(reader.messages(), 2);
  }
}

TEST(ConnectStream, CompressedAndBinaryMessages) {
  v1::OrgImportChunk chunk;
  chunk.set_content(std::string(600, 'x'));
  const std::string bytes = chunk.SerializeAsString();
  EnvelopeReader reader(CallOf(Head(kImportPeople, {{"content-type", "application/connect+proto"},
                                                    {"connect-content-encoding", "gzip"}})),
                        1024);
  auto fed = reader.Feed(Envelope(kEnvelopeCompressed, Gzip(bytes)) + Envelope(0, bytes));
  ASSERT_TRUE(std::holds_alternative<std::vector<std::string>>(fed)) << std::get<ConnectError>(fed).message;
  EXPECT_EQ(std::get<std::vector<std::string>>(fed), (std::vector<std::string>{bytes, bytes}));
}

TEST(ConnectStream, BadEnvelopesNameTheMessageAndTheProblem) {
  const auto error = [](const std::string& body, const HttpHead& head = Head(kImportPeople)) {
    EnvelopeReader reader(CallOf(head), 64);
    auto fed = reader.Feed(body);
    if (auto* e = std::get_if<ConnectError>(&fed)) return *e;
    if (auto e = reader.Finish()) return *e;
    return ConnectError{grpc::OK, "no error", 0, {}};
  };
  const std::string good = Envelope(0, "{}");
  ConnectError e = error(good + Envelope(kEnvelopeEndStream, "{}"));
  EXPECT_EQ(e.code, grpc::INVALID_ARGUMENT);
  EXPECT_THAT(e.message, HasSubstr("message 2 of the stream has flags 2"));
  EXPECT_THAT(error(Envelope(0x80, "{}")).message, HasSubstr("flags 128"));
  e = error(good + Envelope(0, std::string(65, ' ')));
  EXPECT_EQ(e.code, grpc::RESOURCE_EXHAUSTED);
  EXPECT_THAT(e.message, HasSubstr("message 2 of the stream is 65 bytes"));
  EXPECT_THAT(error(Envelope(kEnvelopeCompressed, "{}")).message, HasSubstr("names no Connect-Content-Encoding"));
  e = error(Envelope(kEnvelopeCompressed, "not gzip"),
            Head(kImportPeople, {{"content-type", "application/connect+json"}, {"connect-content-encoding", "gzip"}}));
  EXPECT_THAT(e.message, HasSubstr("message 1 of the stream: the body is not a complete gzip stream"));
  e = error(Envelope(kEnvelopeCompressed, Gzip(std::string(200, ' '))),
            Head(kImportPeople, {{"content-type", "application/connect+json"}, {"connect-content-encoding", "gzip"}}));
  EXPECT_EQ(e.code, grpc::RESOURCE_EXHAUSTED) << "a gzip bomb stops at the limit: " << e.message;
  EXPECT_THAT(error(Envelope(0, R"({"nope":1})")).message, HasSubstr("message 1 of the stream: the body is not a"));
  e = error(good + good.substr(0, 3));
  EXPECT_THAT(e.message, HasSubstr("the body ends inside message 2 of the stream (3 bytes of it came)"));
}

TEST(ConnectStream, TheAnswerIsTheMessageThenTheEndOfTheStream) {
  v1::OrgImportResult result;
  result.set_dry_run(true);
  result.set_created(2);
  auto answer = EncodeStreamAnswer(*MethodOf(kImportPeople), Codec::kProto, result.SerializeAsString());
  ASSERT_TRUE(std::holds_alternative<std::string>(answer));
  EXPECT_EQ(std::get<std::string>(answer),
            Envelope(0, result.SerializeAsString()) + Envelope(kEnvelopeEndStream, "{}"));
  answer = EncodeStreamAnswer(*MethodOf(kImportPeople), Codec::kJson, result.SerializeAsString());
  ASSERT_TRUE(std::holds_alternative<std::string>(answer));
  EXPECT_THAT(std::get<std::string>(answer), HasSubstr(R"("dryRun":true)"));
  EXPECT_EQ(EncodeStreamError(ConnectError{grpc::PERMISSION_DENIED, "HR \x01 only", 0, {}}),
            Envelope(kEnvelopeEndStream, R"({"error":{"code":"permission_denied","message":"HR ? only"}})"));
}

}  // namespace
}  // namespace skillpath::services
