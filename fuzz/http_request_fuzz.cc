// libFuzzer target for the HTTP request path: bytes are parsed as an HTTP/1.1
// request by Boost.Beast with the gateway's limits, routed, and a request to
// a skillpath.v1 method goes through the gateway's own transcoder
// (http/connect_codec.h: Content-Type, Content-Encoding, gzip bounds,
// Connect-Timeout-Ms, the authorization header, JSON or binary decoding into
// the request message, answers, Connect errors). No socket, no gRPC server.
//
// What must hold for every input, else the target traps:
// - a call's authorization header is fit for gRPC metadata (grpc++ aborts
//   the process on any other: issue 10, item 1);
// - an error body is valid UTF-8 with no raw control characters, and its
//   HTTP status is one the protocol uses;
// - a call's request message decodes as its method's input type;
// - a timeout is positive and never past the gateway's call timeout.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "http/connect_codec.h"
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
