#pragma once
// A request whose protobuf bytes cannot be decoded is answered
// INVALID_ARGUMENT, naming the message type, instead of grpc++'s bare
// UNIMPLEMENTED.
//
// grpc++ 1.51's callback handlers (grpcpp/impl/codegen/
// server_callback_handlers.h, CallbackUnaryHandler and
// CallbackServerStreamingHandler) deserialize the request before the
// service runs and, when that fails, finish the call with
// UNIMPLEMENTED and an empty message: clients then believe the method does
// not exist. This server interceptor sees the failed decode (the received
// message it is shown is null, POST_RECV_MESSAGE) and rewrites the
// UNIMPLEMENTED the handler then sends (PRE_SEND_STATUS). It covers unary and
// server-streaming methods, whose one request is decoded up front. For
// client-streaming methods grpc++ reports an undecodable message to the
// reactor exactly like the end of the stream (OnReadDone(false)), and an
// interceptor cannot tell the two apart.
#include <grpcpp/support/server_interceptor.h>

#include <string>

namespace skillpath::services {

class RequestDecodeInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;
};

// "request: not a valid <input type> ..." for a method path such as
// "/skillpath.v1.GapService/GetPersonGap".
std::string UndecodableRequestMessage(const std::string& method_path);

}  // namespace skillpath::services
