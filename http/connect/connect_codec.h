#pragma once
// The Connect protocol's unary form (https://connectrpc.com/docs/protocol),
// without sockets: what an HTTP request, as Boost.Beast parsed it, asks for;
// the request message it carries; the answer's body; Connect's errors.
// http/http_gateway.cc moves the bytes and makes the calls, and decides
// nothing about a request's content itself: every such decision is made
// here, so the unit tests and the fuzz target (fuzz/http_request_fuzz.cc)
// run exactly the code the server runs.
//
// Everything here is pure and thread-safe (no state).

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/status_code_enum.h>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace skillpath::services {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpHead = boost::beast::http::request_header<>;

// The Connect protocol's name and HTTP status for a gRPC status code.
const char* ConnectCode(grpc::StatusCode code);
int ConnectHttpStatus(grpc::StatusCode code);

// A Connect error answer: the JSON body {"code", "message"} and its status.
struct ConnectError {
  grpc::StatusCode code = grpc::UNKNOWN;
  std::string message;
  int http_status = 0;                                       // 0: ConnectHttpStatus(code)
  std::vector<std::pair<std::string, std::string>> headers;  // sent with it (Allow, Accept-Post, ...)

  int status() const { return http_status ? http_status : ConnectHttpStatus(code); }
  // The body; the message goes through SafeMessage, so whatever a client
  // sent and an error quotes comes back as text, never as raw bytes.
  std::string Body() const;
};

// `text` fit to show a client: valid UTF-8 (invalid bytes become U+FFFD),
// control characters as '?', at most `max_bytes` (cut at a character).
std::string SafeMessage(std::string_view text, size_t max_bytes = 1024);
bool IsValidUtf8(std::string_view text);

// What a request path (the target without its query) is for.
enum class Route { kRpc, kHealth, kMetrics, kDemoUsers, kAuth, kCalendar, kStatic };
Route RouteOf(std::string_view path);
std::string_view PathOf(std::string_view target);

// The message codecs of Connect's unary form.
enum class Codec { kJson, kProto };
// application/json (charset utf-8 if any) or application/proto; nullopt
// for anything else.
std::optional<Codec> CodecOf(std::string_view content_type);
const char* ContentTypeOf(Codec codec);

struct ConnectLimits {
  size_t max_body_bytes = 4 * 1024 * 1024;  // the body, also once decompressed
  std::chrono::milliseconds call_timeout{60000};
};

// What every call's headers say, in either of Connect's forms.
struct CallHead {
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_path;  // "/skillpath.v1.GapService/GetPersonGap"
  Codec codec = Codec::kJson;
  std::string authorization;  // the header, checked fit for gRPC metadata; empty: none sent
  std::chrono::milliseconds timeout{0};  // min(Connect-Timeout-Ms, call_timeout), from when the headers came
};

// A unary call, ready to be made over gRPC.
struct UnaryCall : CallHead {
  std::string request;  // the request message, serialized
};

// The method a path names ("/skillpath.v1.OrgService/ImportPeople"), or null.
const google::protobuf::MethodDescriptor* MethodOf(std::string_view path);
// Whether it is one the client streams and the server answers once: served
// in the Connect protocol's streaming form (http/connect/connect_stream.h).
bool IsClientStreaming(const google::protobuf::MethodDescriptor* method);

// The checks every call's headers pass (method, POST, the protocol
// version, Connect-Timeout-Ms, authorization); fills `call` but its codec.
// `form` names the protocol's form in the message for another verb.
std::optional<ConnectError> ParseCallHead(const HttpHead& request, const ConnectLimits& limits, const char* form,
                                          CallHead* call);

// A request message of `method` from `body` in `codec`, serialized (the
// body itself for kProto, once checked).
std::variant<std::string, ConnectError> DecodeMessage(const google::protobuf::MethodDescriptor& method, Codec codec,
                                                      const std::string& body);

// The call that `request` (any verb to a Route::kRpc path, headers and body
// as read) stands for, or the error to answer it with: 404 unimplemented
// for an unknown or server-streaming method, 415 for a client-streaming one
// (served in the streaming form instead), 405 (Allow: POST) for another verb,
// 415 for another Content-Type, 501 unimplemented for a Content-Encoding
// other than gzip or identity, 400 for a bad Connect-Timeout-Ms,
// Connect-Protocol-Version or body, 401 for an authorization header that
// cannot be gRPC metadata, 413 for a body beyond the limit once inflated.
std::variant<UnaryCall, ConnectError> ParseUnary(const HttpRequest& request, const ConnectLimits& limits);

// The body of the answer to `method`: `response`, its output message as the
// server serialized it, in `codec`.
std::variant<std::string, ConnectError> EncodeResponse(const google::protobuf::MethodDescriptor& method, Codec codec,
                                                       std::string_view response);

// The pieces, for tests. Connect-Timeout-Ms: a positive integer of at most
// 10 digits (INVALID_ARGUMENT otherwise).
absl::StatusOr<std::chrono::milliseconds> ParseTimeoutMs(std::string_view header);
// A gzip stream inflated: INVALID_ARGUMENT if corrupt or truncated,
// RESOURCE_EXHAUSTED once it would pass `max_bytes` (a gzip bomb stops there).
absl::StatusOr<std::string> Gunzip(std::string_view compressed, size_t max_bytes);
// Whether gRPC accepts `value` as the value of a text metadata entry
// (printable ASCII, 0x20..0x7E); grpc++ aborts the process on any other.
bool IsMetadataValue(std::string_view value);

}  // namespace skillpath::services
