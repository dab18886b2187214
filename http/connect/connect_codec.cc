#include "http/connect/connect_codec.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <zlib.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "http/connect/json.h"

namespace skillpath::services {

namespace http = boost::beast::http;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

const char* ConnectCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return "ok";
    case grpc::CANCELLED: return "canceled";
    case grpc::UNKNOWN: return "unknown";
    case grpc::INVALID_ARGUMENT: return "invalid_argument";
    case grpc::DEADLINE_EXCEEDED: return "deadline_exceeded";
    case grpc::NOT_FOUND: return "not_found";
    case grpc::ALREADY_EXISTS: return "already_exists";
    case grpc::PERMISSION_DENIED: return "permission_denied";
    case grpc::RESOURCE_EXHAUSTED: return "resource_exhausted";
    case grpc::FAILED_PRECONDITION: return "failed_precondition";
    case grpc::ABORTED: return "aborted";
    case grpc::OUT_OF_RANGE: return "out_of_range";
    case grpc::UNIMPLEMENTED: return "unimplemented";
    case grpc::INTERNAL: return "internal";
    case grpc::UNAVAILABLE: return "unavailable";
    case grpc::DATA_LOSS: return "data_loss";
    case grpc::UNAUTHENTICATED: return "unauthenticated";
    default: return "unknown";
  }
}

// The table of the protocol's "Error Codes" section.
int ConnectHttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK: return 200;
    case grpc::CANCELLED: return 499;
    case grpc::INVALID_ARGUMENT: return 400;
    case grpc::DEADLINE_EXCEEDED: return 504;
    case grpc::NOT_FOUND: return 404;
    case grpc::ALREADY_EXISTS: return 409;
    case grpc::PERMISSION_DENIED: return 403;
    case grpc::RESOURCE_EXHAUSTED: return 429;
    case grpc::FAILED_PRECONDITION: return 400;
    case grpc::ABORTED: return 409;
    case grpc::OUT_OF_RANGE: return 400;
    case grpc::UNIMPLEMENTED: return 501;
    case grpc::UNAVAILABLE: return 503;
    case grpc::UNAUTHENTICATED: return 401;
    default: return 500;  // unknown, internal, data_loss
  }
}

std::string ConnectError::Body() const {
  return absl::StrCat("{\"code\":", JsonQuote(ConnectCode(code)), ",\"message\":", JsonQuote(SafeMessage(message)),
                      "}");
}

namespace {

// Beast (Boost 1.74) and Debian's Abseil each have a string_view of their own.
std::string_view Sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }
std::string_view Trim(std::string_view s) {
  const absl::string_view t = absl::StripAsciiWhitespace(Av(s));
  return {t.data(), t.size()};
}
std::string Lower(std::string_view s) { return absl::AsciiStrToLower(Av(s)); }

// The length of the UTF-8 sequence at s[i] if it is a valid one (no
// overlong forms, no surrogates, at most U+10FFFF), else 0.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

ConnectError Error(grpc::StatusCode code, std::string message, int http_status = 0) {
  return ConnectError{code, std::move(message), http_status, {}};
}

ConnectError FromStatus(const absl::Status& status, int http_status = 0) {
  return Error(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()), http_status);
}

}  // namespace

std::variant<std::string, ConnectError> DecodeMessage(const MethodDescriptor& method, Codec codec,
                                                      const std::string& body) {
  const google::protobuf::Descriptor* type = method.input_type();
  std::unique_ptr<Message> in(google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  if (codec == Codec::kProto) {
    if (!in->ParseFromString(body)) {
      return Error(grpc::INVALID_ARGUMENT,
                   absl::StrCat("the body is not a ", type->full_name(), " in protobuf's binary form"));
    }
    return body;  // valid as it is
  }
  if (!IsValidUtf8(body)) return Error(grpc::INVALID_ARGUMENT, "the body is not UTF-8, as JSON must be");
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(body.empty() ? "{}" : body, in.get(), parse);
  if (!parsed.ok()) {
    return Error(grpc::INVALID_ARGUMENT, absl::StrCat("the body is not a ", type->full_name(),
                                                      " in JSON: ", std::string(parsed.message())));
  }
  std::string bytes;
  in->SerializeToString(&bytes);
  // A JSON escape such as "\udc00" makes a string that is no UTF-8, which
  // the server would fail to decode; refuse it here, naming the problem.
  std::unique_ptr<Message> check(in->New());
  if (!check->ParseFromString(bytes)) {
    return Error(grpc::INVALID_ARGUMENT, "a string in the body is not valid Unicode");
  }
  return bytes;
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8Length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string SafeMessage(std::string_view text, size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8Length(text, i);
    std::string_view piece = n ? text.substr(i, n) : kReplacement;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (n == 1 && (c < 0x20 || c == 0x7F)) piece = (c == '\n' || c == '\t') ? " " : "?";
    if (out.size() + piece.size() > max_bytes) {
      out.append("...");
      break;
    }
    out.append(piece);
    i += n ? n : 1;
  }
  return out;
}

Route RouteOf(std::string_view path) {
  if (absl::StartsWith(Av(path), "/skillpath.v1.")) return Route::kRpc;
  if (path == "/healthz") return Route::kHealth;
  if (path == "/metrics") return Route::kMetrics;
  if (path == "/demo-users.json") return Route::kDemoUsers;
  if (absl::StartsWith(Av(path), "/auth/")) return Route::kAuth;
  if (absl::StartsWith(Av(path), "/calendar/")) return Route::kCalendar;
  return Route::kStatic;
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::optional<Codec> CodecOf(std::string_view content_type) {
  std::vector<absl::string_view> parts = absl::StrSplit(Av(content_type), ';');
  // A missing header is a string_view without data, which StrSplit splits
  // into no parts at all (found by fuzz/http_request_fuzz.cc).
  if (parts.empty()) return std::nullopt;
  const std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
  std::optional<Codec> codec;
  if (type == "application/json") codec = Codec::kJson;
  if (type == "application/proto") codec = Codec::kProto;
  for (size_t i = 1; codec && i < parts.size(); ++i) {
    const std::string param = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[i]));
    if (param.empty()) continue;
    // JSON is UTF-8; binary protobuf has no charset at all.
    if (codec != Codec::kJson || (param != "charset=utf-8" && param != "charset=\"utf-8\"")) codec.reset();
  }
  return codec;
}

const char* ContentTypeOf(Codec codec) { return codec == Codec::kProto ? "application/proto" : "application/json"; }

absl::StatusOr<std::chrono::milliseconds> ParseTimeoutMs(std::string_view header) {
  int64_t ms = 0;
  bool digits = !header.empty() && header.size() <= 10;
  for (char c : header) {
    if (c < '0' || c > '9') digits = false;
    if (digits) ms = ms * 10 + (c - '0');
  }
  if (!digits || ms == 0) {
    return absl::InvalidArgumentError("Connect-Timeout-Ms must be a positive whole number of at most 10 digits");
  }
  return std::chrono::milliseconds(ms);
}

absl::StatusOr<std::string> Gunzip(std::string_view compressed, size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return absl::InternalError("zlib could not start");
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return absl::InvalidArgumentError("the body is not a complete gzip stream (Content-Encoding: gzip)");
    }
    const size_t n = sizeof chunk - z.avail_out;
    if (out.size() + n > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the request body is larger than ", max_bytes, " bytes once decompressed"));
    }
    out.append(chunk, n);
  }
  if (z.avail_in != 0) return absl::InvalidArgumentError("the body goes on after the end of its gzip stream");
  return out;
}

bool IsMetadataValue(std::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7E) return false;  // char may be signed: bytes >= 0x80 are negative
  }
  return true;
}

const MethodDescriptor* MethodOf(std::string_view path) {
  // "/skillpath.v1.GapService/GetPersonGap" -> "skillpath.v1.GapService.GetPersonGap"
  std::string name(path.substr(std::min<size_t>(1, path.size())));
  const size_t slash = name.find('/');
  if (slash == std::string::npos || name.find('/', slash + 1) != std::string::npos) return nullptr;
  name[slash] = '.';
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
}

bool IsClientStreaming(const MethodDescriptor* method) {
  return method && method->client_streaming() && !method->server_streaming();
}

std::optional<ConnectError> ParseCallHead(const HttpHead& request, const ConnectLimits& limits, const char* form,
                                          CallHead* call) {
  const std::string_view path = PathOf(Sv(request.target()));
  const MethodDescriptor* method = MethodOf(path);
  // Unknown methods are 404 unimplemented, as the protocol has it.
  if (!method) return Error(grpc::UNIMPLEMENTED, absl::StrCat("no method ", Av(path.substr(std::min<size_t>(1, path.size())))), 404);
  if (request.method() != http::verb::post) {
    ConnectError e =
        Error(grpc::UNIMPLEMENTED, absl::StrCat("methods are called with POST (the Connect protocol's ", form, ")"), 405);
    e.headers.emplace_back("Allow", "POST");
    return e;
  }
  if (auto v = request.find("connect-protocol-version"); v != request.end() && v->value() != "1") {
    return Error(grpc::INVALID_ARGUMENT, "Connect-Protocol-Version must be 1");
  }
  call->method = method;
  call->grpc_path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  call->timeout = limits.call_timeout;
  if (auto t = request.find("connect-timeout-ms"); t != request.end()) {
    auto timeout = ParseTimeoutMs(Sv(t->value()));
    if (!timeout.ok()) return FromStatus(timeout.status());
    call->timeout = std::min(call->timeout, *timeout);
  }
  // Beast keeps every copy of a header; gRPC would see only the first.
  if (request.count(http::field::authorization) > 1) {
    return Error(grpc::UNAUTHENTICATED, "more than one authorization header: send one, 'Bearer <token>'");
  }
  if (auto auth = request.find(http::field::authorization); auth != request.end()) {
    const std::string_view value = Trim(Sv(auth->value()));
    if (!IsMetadataValue(value)) {
      return Error(grpc::UNAUTHENTICATED,
                   "the authorization header holds a character other than printable ASCII: send 'Bearer <token>'");
    }
    call->authorization = std::string(value);
  }
  return std::nullopt;
}

std::variant<UnaryCall, ConnectError> ParseUnary(const HttpRequest& request, const ConnectLimits& limits) {
  UnaryCall call;
  if (auto e = ParseCallHead(request.base(), limits, "unary form", &call)) return std::move(*e);
  if (call.method->client_streaming() || call.method->server_streaming()) {
    const bool served = IsClientStreaming(call.method);
    return Error(served ? grpc::INVALID_ARGUMENT : grpc::UNIMPLEMENTED,
                 absl::StrCat(call.method->full_name(),
                              served ? " streams: send it in the Connect protocol's streaming form "
                                       "(Content-Type application/connect+json or application/connect+proto)"
                                     : " streams from the server; over HTTP that is not served"),
                 served ? 415 : 404);
  }
  const std::optional<Codec> codec = CodecOf(Sv(request[http::field::content_type]));
  if (!codec) {
    ConnectError e = Error(grpc::INVALID_ARGUMENT, "Content-Type must be application/json or application/proto", 415);
    e.headers.emplace_back("Accept-Post", "application/json, application/proto");
    return e;
  }
  call.codec = *codec;
  const std::string encoding = Lower(Trim(Sv(request[http::field::content_encoding])));
  const std::string* body = &request.body();
  std::string inflated;
  if (encoding == "gzip") {
    auto decoded = Gunzip(request.body(), limits.max_body_bytes);
    if (!decoded.ok()) {
      return FromStatus(decoded.status(), decoded.status().code() == absl::StatusCode::kResourceExhausted ? 413 : 0);
    }
    inflated = std::move(*decoded);
    body = &inflated;
  } else if (!encoding.empty() && encoding != "identity") {
    ConnectError e = Error(grpc::UNIMPLEMENTED,
                           absl::StrCat("Content-Encoding '", encoding, "' is not supported: send gzip or identity"));
    e.headers.emplace_back("Accept-Encoding", "gzip");
    return e;
  }
  auto decoded = DecodeMessage(*call.method, *codec, *body);
  if (auto* e = std::get_if<ConnectError>(&decoded)) return std::move(*e);
  call.request = std::move(std::get<std::string>(decoded));
  return call;
}

std::variant<std::string, ConnectError> EncodeResponse(const MethodDescriptor& method, Codec codec,
                                                       std::string_view response) {
  if (codec == Codec::kProto) return std::string(response);
  std::unique_ptr<Message> out(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method.output_type())->New());
  if (!out->ParseFromArray(response.data(), static_cast<int>(response.size()))) {
    return Error(grpc::INTERNAL, "the answer could not be decoded");
  }
  return ToJson(*out);  // protobuf's JSON mapping, defaults printed
}

}  // namespace skillpath::services
