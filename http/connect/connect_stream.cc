#include "http/connect/connect_stream.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "http/connect/json.h"

namespace skillpath::services {

namespace http = boost::beast::http;

namespace {

std::string_view Sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
std::string Lower(std::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(absl::string_view(s.data(), s.size())));
}

ConnectError Error(grpc::StatusCode code, std::string message, int http_status = 0) {
  return ConnectError{code, std::move(message), http_status, {}};
}

constexpr size_t kEnvelopeHead = 5;

}  // namespace

std::optional<Codec> StreamCodecOf(std::string_view content_type) {
  // "application/connect+json; charset=utf-8" is read as
  // "application/json; charset=utf-8" would be.
  std::string lower = absl::AsciiStrToLower(absl::string_view(content_type.data(), content_type.size()));
  const size_t start = lower.find_first_not_of(" \t");
  if (start == std::string::npos) return std::nullopt;
  static constexpr std::string_view kPrefix = "application/connect+";
  if (lower.compare(start, kPrefix.size(), kPrefix.data(), kPrefix.size()) != 0) return std::nullopt;
  return CodecOf("application/" + lower.substr(start + kPrefix.size()));
}

const char* StreamContentTypeOf(Codec codec) {
  return codec == Codec::kProto ? "application/connect+proto" : "application/connect+json";
}

std::variant<StreamCall, ConnectError> ParseClientStream(const HttpHead& request, const ConnectLimits& limits) {
  StreamCall call;
  if (auto e = ParseCallHead(request, limits, "streaming form", &call)) return std::move(*e);
  if (!IsClientStreaming(call.method)) {
    return Error(grpc::UNIMPLEMENTED, absl::StrCat(call.method->full_name(), " is not a client-streaming method"), 404);
  }
  const std::optional<Codec> codec = StreamCodecOf(Sv(request[http::field::content_type]));
  if (!codec) {
    ConnectError e = Error(grpc::INVALID_ARGUMENT,
                           absl::StrCat(call.method->full_name(),
                                        " streams: Content-Type must be application/connect+json or "
                                        "application/connect+proto"),
                           415);
    e.headers.emplace_back("Accept-Post", "application/connect+json, application/connect+proto");
    return e;
  }
  call.codec = *codec;
  if (const std::string encoding = Lower(Sv(request[http::field::content_encoding]));
      !encoding.empty() && encoding != "identity") {
    return Error(grpc::INVALID_ARGUMENT,
                 "a stream is compressed message by message (Connect-Content-Encoding), not with Content-Encoding");
  }
  const std::string encoding = Lower(Sv(request["connect-content-encoding"]));
  if (encoding == "gzip") {
    call.gzip = true;
  } else if (!encoding.empty() && encoding != "identity") {
    ConnectError e = Error(grpc::UNIMPLEMENTED, absl::StrCat("Connect-Content-Encoding '", encoding,
                                                             "' is not supported: send gzip or identity"));
    e.headers.emplace_back("Connect-Accept-Encoding", "gzip");
    return e;
  }
  return call;
}

EnvelopeReader::EnvelopeReader(StreamCall call, size_t max_message_bytes)
    : call_(std::move(call)), max_message_bytes_(max_message_bytes) {}

std::variant<std::vector<std::string>, ConnectError> EnvelopeReader::Feed(std::string_view bytes) {
  pending_.append(bytes.data(), bytes.size());
  std::vector<std::string> messages;
  size_t at = 0;
  while (pending_.size() - at >= kEnvelopeHead) {
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(pending_[at + i]); };
    const uint8_t flags = byte(0);
    const uint64_t length = (uint64_t{byte(1)} << 24) | (uint64_t{byte(2)} << 16) | (uint64_t{byte(3)} << 8) | byte(4);
    const int64_t number = messages_ + 1;
    if (flags & ~kEnvelopeCompressed) {
      return Error(grpc::INVALID_ARGUMENT,
                   absl::StrCat("message ", number, " of the stream has flags ", flags,
                                (flags & kEnvelopeEndStream) ? " (end of stream is the server's to send)" : "",
                                ": a client sends 0, or 1 for a compressed message"));
    }
    if (length > max_message_bytes_) {
      return Error(grpc::RESOURCE_EXHAUSTED, absl::StrCat("message ", number, " of the stream is ", length,
                                                          " bytes, more than the ", max_message_bytes_, " allowed"));
    }
    if (pending_.size() - at - kEnvelopeHead < length) break;  // the rest comes later
    std::string data = pending_.substr(at + kEnvelopeHead, length);
    at += kEnvelopeHead + length;
    if (flags & kEnvelopeCompressed) {
      if (!call_.gzip) {
        return Error(grpc::INVALID_ARGUMENT, absl::StrCat("message ", number,
                                                          " of the stream is flagged compressed, but the request "
                                                          "names no Connect-Content-Encoding"));
      }
      absl::StatusOr<std::string> inflated = Gunzip(data, max_message_bytes_);
      if (!inflated.ok()) {
        return Error(static_cast<grpc::StatusCode>(inflated.status().code()),
                     absl::StrCat("message ", number, " of the stream: ", inflated.status().message()));
      }
      data = std::move(*inflated);
    }
    auto decoded = DecodeMessage(*call_.method, call_.codec, data);
    if (auto* e = std::get_if<ConnectError>(&decoded)) {
      e->message = absl::StrCat("message ", number, " of the stream: ", e->message);
      return std::move(*e);
    }
    messages.push_back(std::move(std::get<std::string>(decoded)));
    ++messages_;
  }
  pending_.erase(0, at);
  return messages;
}

std::optional<ConnectError> EnvelopeReader::Finish() const {
  if (pending_.empty()) return std::nullopt;
  return Error(grpc::INVALID_ARGUMENT,
               absl::StrCat("the body ends inside message ", messages_ + 1, " of the stream (", pending_.size(),
                            " bytes of it came)"));
}

std::string Envelope(uint8_t flags, std::string_view data) {
  std::string out;
  out.reserve(kEnvelopeHead + data.size());
  const auto n = static_cast<uint32_t>(data.size());
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>((n >> 24) & 0xFF));
  out.push_back(static_cast<char>((n >> 16) & 0xFF));
  out.push_back(static_cast<char>((n >> 8) & 0xFF));
  out.push_back(static_cast<char>(n & 0xFF));
  out.append(data.data(), data.size());
  return out;
}

std::variant<std::string, ConnectError> EncodeStreamAnswer(const google::protobuf::MethodDescriptor& method,
                                                           Codec codec, std::string_view response) {
  auto body = EncodeResponse(method, codec, response);
  if (auto* e = std::get_if<ConnectError>(&body)) return std::move(*e);
  return absl::StrCat(Envelope(0, std::get<std::string>(body)), Envelope(kEnvelopeEndStream, "{}"));
}

std::string EncodeStreamError(const ConnectError& error) {
  return Envelope(kEnvelopeEndStream, absl::StrCat("{\"error\":", error.Body(), "}"));
}

}  // namespace skillpath::services
