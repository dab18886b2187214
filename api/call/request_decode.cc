#include "api/call/request_decode.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"

namespace skillpath::services {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

class RequestDecodeInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestDecodeInterceptor(ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      undecodable_ = true;
    }
    if (undecodable_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      methods->ModifySendStatus(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, UndecodableRequestMessage(info_->method())));
    }
    methods->Proceed();
  }

 private:
  ServerRpcInfo* info_;
  bool undecodable_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RequestDecodeInterceptorFactory::CreateServerInterceptor(ServerRpcInfo* info) {
  // Only where the handler decodes the request before the service runs; no
  // interceptor at all for the other calls.
  if (info->type() != ServerRpcInfo::Type::UNARY && info->type() != ServerRpcInfo::Type::SERVER_STREAMING) {
    return nullptr;
  }
  return new RequestDecodeInterceptor(info);
}

std::string UndecodableRequestMessage(const std::string& method_path) {
  // "/pkg.Service/Method" -> "pkg.Service.Method" for the descriptor pool.
  std::string name = method_path.size() > 1 ? method_path.substr(1) : method_path;
  const size_t slash = name.rfind('/');
  if (slash != std::string::npos) name[slash] = '.';
  const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  const std::string type = method ? method->input_type()->full_name() : "request message";
  return absl::StrCat("request: not a valid ", type, " (the protobuf bytes could not be decoded, or none were sent)");
}

}  // namespace skillpath::services
