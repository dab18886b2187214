// libFuzzer target for the HTTP request path: bytes are parsed as an HTTP/1.1
// request by Boost.Beast with the gateway's limits, routed, and a request to
// a skillpath.v1 method goes through the gateway's own transcoder
// (http/connect/connect_codec.h: Content-Type, Content-Encoding, gzip bounds,
// Connect-Timeout-Ms, the authorization header, JSON or binary decoding into
// the request message, answers, Connect errors). No socket, no gRPC server.
//
// What must hold for every input, else the target traps:
// - a call's authorization header is fit for gRPC metadata (grpc++ aborts
//   the process on any other: issue 10, item 1);
// - an error body is valid UTF-8 with no raw control characters, and its
//   HTTP status is one the protocol uses;
// - a call's request message decodes as its method's input type;
// - a timeout is positive and never past the gateway's call timeout;
// - a client-streaming call (http/connect/connect_stream.h) yields the same
//   messages, or the same error, whichever pieces its body comes in, and
//   each message decodes as the method's input type.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "http/connect/connect_codec.h"
#include "http/connect/connect_stream.h"
#include "skillpath/v1/assessment.pb.h"
#include "skillpath/v1/auth.pb.h"
#include "skillpath/v1/catalog.pb.h"
#include "skillpath/v1/common.pb.h"
#include "skillpath/v1/framework.pb.h"
#include "skillpath/v1/gap.pb.h"
#include "skillpath/v1/org.pb.h"
#include "skillpath/v1/plan.pb.h"

namespace {

namespace http = boost::beast::http;
using namespace skillpath::services;

// The gateway finds methods in protobuf's generated pool: one message of each
// skillpath.v1 file is named so that the linker keeps every file's
// descriptors (a static library's unreferenced objects are left out).
const bool kLinked = [] {
  return skillpath::v1::ListAssessmentsRequest::descriptor() && skillpath::v1::WhoAmIRequest::descriptor() &&
         skillpath::v1::ListResourcesRequest::descriptor() && skillpath::v1::Person::descriptor() &&
         skillpath::v1::ListFrameworksRequest::descriptor() && skillpath::v1::GetPersonGapRequest::descriptor() &&
         skillpath::v1::ListOrgUnitsRequest::descriptor() && skillpath::v1::LearningPlan::descriptor();
}();

// The gateway's limits (HttpOptions' defaults), the body's smaller so that
// a run covers more inputs per second; the code paths are the same.
constexpr size_t kMaxBody = 256 * 1024;
const ConnectLimits kLimits{kMaxBody, std::chrono::milliseconds(60000)};

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckError(const ConnectError& e) {
  const std::string body = e.Body();
  Check(IsValidUtf8(body));
  for (char c : body) Check(static_cast<unsigned char>(c) >= 0x20);
  const int status = e.status();
  Check(status >= 400 && status <= 599);
}

// The envelopes of `body` read in pieces of `piece` bytes (0: at once):
// the messages, or the error that stopped them.
std::variant<std::vector<std::string>, ConnectError> ReadEnvelopes(const StreamCall& call, std::string_view body,
                                                                   size_t piece) {
  EnvelopeReader reader(call, kMaxBody);
  std::vector<std::string> all;
  if (piece == 0) piece = body.size() + 1;
  for (size_t at = 0; at < body.size(); at += piece) {
    auto fed = reader.Feed(body.substr(at, piece));
    if (auto* e = std::get_if<ConnectError>(&fed)) return std::move(*e);
    for (std::string& m : std::get<std::vector<std::string>>(fed)) all.push_back(std::move(m));
  }
  if (auto e = reader.Finish()) return std::move(*e);
  return all;
}

int Stream(const HttpRequest& request) {
  auto parsed = ParseClientStream(request.base(), kLimits);
  if (const auto* error = std::get_if<ConnectError>(&parsed)) {
    CheckError(*error);
    return 0;
  }
  const StreamCall& call = std::get<StreamCall>(parsed);
  Check(call.method != nullptr && IsMetadataValue(call.authorization));
  Check(call.timeout.count() > 0 && call.timeout <= kLimits.call_timeout);
  const std::string& body = request.body();
  auto whole = ReadEnvelopes(call, body, 0);
  // Pieces of a size the input decides (1 to 16 bytes).
  auto pieces = ReadEnvelopes(call, body, 1 + (body.empty() ? 0 : static_cast<unsigned char>(body[0]) % 16));
  Check(whole.index() == pieces.index());
  if (const auto* error = std::get_if<ConnectError>(&whole)) {
    CheckError(ConnectError{error->code, error->message, 400, {}});
    Check(error->message == std::get<ConnectError>(pieces).message);
    const std::string end = EncodeStreamError(*error);
    Check(IsValidUtf8(end.substr(5)));
    return 0;
  }
  const auto& messages = std::get<std::vector<std::string>>(whole);
  Check(messages == std::get<std::vector<std::string>>(pieces));
  for (const std::string& m : messages) {
    std::unique_ptr<google::protobuf::Message> in(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(call.method->input_type())->New());
    Check(in->ParseFromString(m));
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Check(kLinked);
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < size && !parser.is_done()) {
    const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) break;
    if (ec) return 0;  // the gateway drops (or answers 413 and drops) such a connection
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_done()) {
    // The end of the connection, as Beast's read sees it (only after some bytes).
    if (!parser.got_some()) return 0;
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  const HttpRequest request = parser.release();
  const std::string_view target(request.target().data(), request.target().size());
  if (RouteOf(PathOf(target)) != Route::kRpc) return 0;

  if (IsClientStreaming(MethodOf(PathOf(target)))) return Stream(request);

  auto parsed = ParseUnary(request, kLimits);
  if (const auto* error = std::get_if<ConnectError>(&parsed)) {
    CheckError(*error);
    return 0;
  }
  const UnaryCall& call = std::get<UnaryCall>(parsed);
  Check(call.method != nullptr);
  Check(IsMetadataValue(call.authorization));
  Check(call.timeout.count() > 0 && call.timeout <= kLimits.call_timeout);
  std::unique_ptr<google::protobuf::Message> in(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(call.method->input_type())->New());
  Check(in->ParseFromString(call.request));
  // The answer's side: the request's bytes read as the output type (arbitrary
  // bytes for it) in both codecs.
  for (Codec codec : {Codec::kJson, Codec::kProto}) {
    auto answer = EncodeResponse(*call.method, codec, call.request);
    if (const auto* error = std::get_if<ConnectError>(&answer)) CheckError(*error);
  }
  return 0;
}
