#pragma once
// The Connect protocol's streaming form, for the methods a client streams
// and the server answers once (ImportOrgUnits, ImportPeople,
// ImportAssessments): https://connectrpc.com/docs/protocol#streaming-rpcs.
// The body is a run of envelopes (a flags byte, a 4-byte big-endian length,
// a message), read as it arrives; the answer is HTTP 200 with the response
// message in an envelope, then the end-of-stream envelope (flags 0x02, JSON
// {} or {"error": {"code", "message"}}).
//
// As http/connect/connect_codec.h: no sockets, no state beyond one body's envelope
// under way; http/http_gateway.cc moves the bytes, fuzz/http_request_fuzz.cc
// runs this code.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/connect/connect_codec.h"

namespace skillpath::services {

// application/connect+json (charset utf-8 if any) or
// application/connect+proto; nullopt for anything else.
std::optional<Codec> StreamCodecOf(std::string_view content_type);
const char* StreamContentTypeOf(Codec codec);

struct StreamCall : CallHead {
  bool gzip = false;  // Connect-Content-Encoding: gzip (flagged envelopes are gzip streams)
};

// The call the headers of a request to a client-streaming method stand for,
// or the error to answer it with: as ParseUnary for the method, verb,
// version, timeout and authorization; 415 for another Content-Type; 501
// unimplemented for a Connect-Content-Encoding other than gzip or identity;
// 400 for a Content-Encoding other than identity (the streaming form
// compresses each message instead).
std::variant<StreamCall, ConnectError> ParseClientStream(const HttpHead& request, const ConnectLimits& limits);

// A request body, fed as it arrives, made into the request messages
// (serialized, each checked a message of the method's input type).
class EnvelopeReader {
 public:
  // `max_message_bytes`: each message, also once decompressed.
  EnvelopeReader(StreamCall call, size_t max_message_bytes);

  // The messages that `bytes` completes, in order. An error ends the stream
  // (the reader answers nothing useful after one).
  std::variant<std::vector<std::string>, ConnectError> Feed(std::string_view bytes);
  // At the end of the body: the error when it ends inside an envelope.
  std::optional<ConnectError> Finish() const;
  int64_t messages() const { return messages_; }
  Codec codec() const { return call_.codec; }

 private:
  StreamCall call_;
  size_t max_message_bytes_;
  std::string pending_;  // the bytes of the envelope under way
  int64_t messages_ = 0;
};

// One envelope around `data`.
std::string Envelope(uint8_t flags, std::string_view data);
inline constexpr uint8_t kEnvelopeCompressed = 0x01;
inline constexpr uint8_t kEnvelopeEndStream = 0x02;

// The answer's body: `response` (the output message as the server
// serialized it) in `codec`, then the end of the stream.
std::variant<std::string, ConnectError> EncodeStreamAnswer(const google::protobuf::MethodDescriptor& method,
                                                           Codec codec, std::string_view response);
// The answer's body for an error: the end of the stream carrying it.
std::string EncodeStreamError(const ConnectError& error);

}  // namespace skillpath::services
