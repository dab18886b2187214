// The Connect transcoder without sockets: codecs, timeouts, encodings,
// metadata checks, safe messages and the decisions ParseUnary makes.
#include "http/connect/connect_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "skillpath/v1/gap.pb.h"
#include "testing/connect_codes.h"
#include "testing/gzip.h"

namespace skillpath::services {
namespace {

namespace http = boost::beast::http;
using ::testing::HasSubstr;

HttpRequest Request(const std::string& target, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers = {{"content-type", "application/json"}},
                    http::verb verb = http::verb::post) {
  HttpRequest req{verb, target, 11};
  for (const auto& [k, v] : headers) req.insert(k, v);
  req.body() = body;
  return req;
}

const ConnectError& ErrorOf(const std::variant<UnaryCall, ConnectError>& parsed) {
  static const ConnectError none{grpc::OK, "not an error", 0, {}};
  const ConnectError* e = std::get_if<ConnectError>(&parsed);
  return e ? *e : none;
}

TEST(ConnectCodec, CodesAndStatusesFollowTheConnectProtocol) {
  testing::ExpectConnectCodesAndStatuses();
  EXPECT_EQ(ConnectHttpStatus(grpc::UNAUTHENTICATED), 401);
}

TEST(ConnectCodec, CodecsFromContentType) {
  EXPECT_EQ(CodecOf("application/json"), Codec::kJson);
  EXPECT_EQ(CodecOf("Application/JSON; charset=UTF-8"), Codec::kJson);
  EXPECT_EQ(CodecOf("application/proto"), Codec::kProto);
  EXPECT_EQ(CodecOf("application/json; charset=latin1"), std::nullopt);
  EXPECT_EQ(CodecOf("application/proto; charset=utf-8"), std::nullopt);
  EXPECT_EQ(CodecOf("application/connect+proto"), std::nullopt) << "the streaming form";
  EXPECT_EQ(CodecOf(""), std::nullopt);
  EXPECT_EQ(CodecOf(std::string_view()), std::nullopt) << "no header at all";
  EXPECT_STREQ(ContentTypeOf(Codec::kProto), "application/proto");
}

TEST(ConnectCodec, TimeoutsArePositiveAndAtMostTenDigits) {
  EXPECT_EQ(*ParseTimeoutMs("1"), std::chrono::milliseconds(1));
  EXPECT_EQ(*ParseTimeoutMs("9999999999"), std::chrono::milliseconds(9999999999));
  for (const char* bad : {"", "0", "00", "-1", "+1", "1 ", "12345678901", "0x10", "1.0"}) {
    EXPECT_EQ(ParseTimeoutMs(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  auto call = ParseUnary(Request("/skillpath.v1.GapService/GetPersonGap", "{}",
                                 {{"content-type", "application/json"}, {"connect-timeout-ms", "250"}}),
                         ConnectLimits{1024, std::chrono::milliseconds(60000)});
  ASSERT_TRUE(std::holds_alternative<UnaryCall>(call)) << ErrorOf(call).message;
  EXPECT_EQ(std::get<UnaryCall>(call).timeout, std::chrono::milliseconds(250));
  auto capped = ParseUnary(Request("/skillpath.v1.GapService/GetPersonGap", "{}",
                                   {{"content-type", "application/json"}, {"connect-timeout-ms", "90000"}}),
                           ConnectLimits{1024, std::chrono::milliseconds(60000)});
  EXPECT_EQ(std::get<UnaryCall>(capped).timeout, std::chrono::milliseconds(60000)) << "never past the gateway's";
}

using skillpath::services::testing::Gzip;

TEST(ConnectCodec, GunzipIsBoundedAndStrict) {
  EXPECT_EQ(*Gunzip(Gzip("hello"), 5), "hello");
  EXPECT_EQ(Gunzip(Gzip("hello"), 4).status().code(), absl::StatusCode::kResourceExhausted);
  const std::string bomb = Gzip(std::string(64 << 20, 'a'));
  EXPECT_LT(bomb.size(), 100u * 1024);
  EXPECT_EQ(Gunzip(bomb, 1 << 20).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Gunzip("not gzip", 100).status().code(), absl::StatusCode::kInvalidArgument);
  const std::string whole = Gzip("hello");
  EXPECT_EQ(Gunzip(whole.substr(0, whole.size() - 3), 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gunzip(whole + "x", 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*Gunzip(Gzip(""), 0), "");
}

TEST(ConnectCodec, MetadataValuesArePrintableAscii) {
  EXPECT_TRUE(IsMetadataValue("Bearer tok_1.abc-_"));
  EXPECT_TRUE(IsMetadataValue(""));
  EXPECT_FALSE(IsMetadataValue("x\ty"));
  EXPECT_FALSE(IsMetadataValue("x\x7f"));
  EXPECT_FALSE(IsMetadataValue("\xc3\xa6"));
  EXPECT_FALSE(IsMetadataValue(std::string("a\0b", 3)));
}

TEST(ConnectCodec, SafeMessagesAreValidUtf8WithoutControlCharacters) {
  EXPECT_EQ(SafeMessage("plain æøå"), "plain æøå");
  EXPECT_EQ(SafeMessage("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SafeMessage("a\x01\nb"), "a? b");
  EXPECT_EQ(SafeMessage("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "a surrogate is not UTF-8";
  EXPECT_EQ(SafeMessage("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "nor an overlong form";
  const std::string cut = SafeMessage(std::string(100, 'x') + "æ", 101);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_LE(cut.size(), 104u);
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80")) << "beyond U+10FFFF";
  ConnectError e{grpc::NOT_FOUND, "no person 'a\x80\"'", 0, {}};
  EXPECT_EQ(e.Body(), "{\"code\":\"not_found\",\"message\":\"no person 'a\xEF\xBF\xBD\\\"'\"}");
  EXPECT_EQ(e.status(), 404);
}

TEST(ConnectCodec, RoutesAndPaths) {
  EXPECT_EQ(RouteOf("/skillpath.v1.GapService/GetPersonGap"), Route::kRpc);
  EXPECT_EQ(RouteOf("/healthz"), Route::kHealth);
  EXPECT_EQ(RouteOf("/metrics"), Route::kMetrics);
  EXPECT_EQ(RouteOf("/demo-users.json"), Route::kDemoUsers);
  EXPECT_EQ(RouteOf("/auth/callback"), Route::kAuth);
  EXPECT_EQ(RouteOf("/authors.html"), Route::kStatic);
  EXPECT_EQ(RouteOf("/grpc.health.v1.Health/Check"), Route::kStatic) << "only skillpath.v1 is transcoded";
  EXPECT_EQ(PathOf("/js/app.js?v=1"), "/js/app.js");
}

TEST(ConnectCodec, ParseUnaryDecidesWhatARequestIs) {
  const ConnectLimits limits;
  auto ok = ParseUnary(Request("/skillpath.v1.GapService/GetPersonGap?x", R"({"personId": "kari"})",
                               {{"content-type", "application/json"}, {"authorization", " Bearer t.s "}}),
                       limits);
  ASSERT_TRUE(std::holds_alternative<UnaryCall>(ok)) << ErrorOf(ok).message;
  const UnaryCall& call = std::get<UnaryCall>(ok);
  EXPECT_EQ(call.grpc_path, "/skillpath.v1.GapService/GetPersonGap");
  EXPECT_EQ(call.authorization, "Bearer t.s");
  v1::GetPersonGapRequest req;
  ASSERT_TRUE(req.ParseFromString(call.request));
  EXPECT_EQ(req.person_id(), "kari");

  auto expect = [&](const HttpRequest& r, int status, grpc::StatusCode code, const std::string& words) {
    const auto parsed = ParseUnary(r, limits);
    const ConnectError& e = ErrorOf(parsed);
    EXPECT_EQ(e.status(), status) << e.message;
    EXPECT_EQ(e.code, code) << e.message;
    EXPECT_THAT(e.message, HasSubstr(words));
  };
  expect(Request("/skillpath.v1.GapService/Nope", "{}"), 404, grpc::UNIMPLEMENTED, "no method");
  expect(Request("/skillpath.v1.GapService", "{}"), 404, grpc::UNIMPLEMENTED, "no method");
  expect(Request("/skillpath.v1.GapService/GetPersonGap/x", "{}"), 404, grpc::UNIMPLEMENTED, "no method");
  expect(Request("/skillpath.v1.AssessmentService/ImportAssessments", "{}"), 415, grpc::INVALID_ARGUMENT,
         "streaming form");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "", {}, http::verb::get), 405, grpc::UNIMPLEMENTED, "POST");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "{}", {{"content-type", "text/plain"}}), 415,
         grpc::INVALID_ARGUMENT, "Content-Type");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "{}",
                 {{"content-type", "application/json"}, {"authorization", "Bearer a\tb"}}),
         401, grpc::UNAUTHENTICATED, "printable ASCII");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "{}",
                 {{"content-type", "application/json"}, {"content-encoding", "zstd"}}),
         501, grpc::UNIMPLEMENTED, "gzip");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", Gzip("{}" + std::string(5 << 20, ' ')),
                 {{"content-type", "application/json"}, {"content-encoding", "gzip"}}),
         413, grpc::RESOURCE_EXHAUSTED, "decompressed");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", R"({"personId": 7})"), 400, grpc::INVALID_ARGUMENT,
         "skillpath.v1.GetPersonGapRequest");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "\xff", {{"content-type", "application/proto"}}), 400,
         grpc::INVALID_ARGUMENT, "binary");
  expect(Request("/skillpath.v1.GapService/GetPersonGap", "{\"personId\": \"\xff\"}"), 400, grpc::INVALID_ARGUMENT,
         "UTF-8");
}

TEST(ConnectCodec, AnswersInTheRequestsCodec) {
  v1::PersonGap gap;
  gap.set_person_id("kari");
  const std::string bytes = gap.SerializeAsString();
  const auto* method =
      v1::PersonGap::descriptor()->file()->FindServiceByName("GapService")->FindMethodByName("GetPersonGap");
  ASSERT_NE(method, nullptr);
  EXPECT_EQ(std::get<std::string>(EncodeResponse(*method, Codec::kProto, bytes)), bytes);
  EXPECT_THAT(std::get<std::string>(EncodeResponse(*method, Codec::kJson, bytes)), HasSubstr("\"personId\":\"kari\""));
  EXPECT_EQ(std::get<ConnectError>(EncodeResponse(*method, Codec::kJson, "\xff")).code, grpc::INTERNAL);
}

}  // namespace
}  // namespace skillpath::services
