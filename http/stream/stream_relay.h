#pragma once
// One client-streaming call in Connect's streaming form, between an HTTP
// body read a piece at a time and a gRPC call (http/stream/grpc_client_stream.h):
// the body's messages are passed on as they complete (at most two waiting,
// so a fast client waits for a slow server instead of filling memory), and
// the answer is made once the whole body is in, also when the call failed
// early (the rest is read and dropped), so a client still sending always
// gets it. http/http_gateway.cc does the reading and sending; everything
// here runs on the connection's executor, one step at a time.

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/connect/connect_stream.h"
#include "http/stream/grpc_client_stream.h"

namespace skillpath::services {

class StreamRelay {
 public:
  struct Answer {
    std::optional<ConnectError> refused;  // refused before the stream: this error, with its own HTTP status
    std::string body;                     // else HTTP 200 with this body (application/connect+...)
    Codec codec = Codec::kJson;
    bool close = false;   // close the connection after it (the body could not be read to its end)
    bool broken = false;  // the connection failed: nothing to send
  };

  // `read_body`: read the next piece of the body (OnBody or OnBodyFailed
  // follows); `answer`: send the answer (called once, last).
  StreamRelay(std::function<void()> read_body, std::function<void(Answer)> answer);

  // Before the stream started: the body is read and dropped, then `error`
  // answered.
  void Refuse(ConnectError error);
  // The call under way: `grpc`'s write_done and done go to OnWritten and
  // OnDone.
  void Start(const google::protobuf::MethodDescriptor& method, EnvelopeReader reader,
             std::shared_ptr<GrpcClientStream> grpc);

  // The connection read `bytes`; `done`: the body is complete.
  void OnBody(std::string_view bytes, bool done);
  // The body could not be read on: too large (answered, then the connection
  // closes) or the connection failed (nothing answered).
  void OnBodyTooLarge(size_t limit);
  void OnBodyBroken();

  void OnWritten(bool ok);
  void OnDone(const grpc::Status& status, std::string response);

 private:
  void Pump();
  void Fail(ConnectError error);
  void Finish();

  std::function<void()> read_body_;
  std::function<void(Answer)> answer_;
  std::optional<ConnectError> refused_;
  const google::protobuf::MethodDescriptor* method_ = nullptr;
  Codec codec_ = Codec::kJson;
  std::optional<EnvelopeReader> reader_;
  std::shared_ptr<GrpcClientStream> grpc_;
  std::deque<std::string> queue_;
  bool reading_ = false;    // a read of the body under way
  bool body_done_ = false;  // the whole body read (or given up)
  bool writing_ = false;    // a message on its way to gRPC
  bool finished_ = false;   // no more messages go to gRPC (Finish or Cancel called)
  bool grpc_done_ = false;
  bool answered_ = false;
  bool broken_ = false;
  bool close_ = false;
  std::optional<ConnectError> error_;  // the first failure, answered in the end of the stream
  grpc::Status status_;
  std::string response_;
};

}  // namespace skillpath::services
