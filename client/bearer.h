#pragma once
// Client side of token authentication: a channel whose calls carry
// `authorization: Bearer <token>`, with the token picked per method (the
// demo seed, tests and benchmarks use one channel for calls that need
// different grants). A call that already carries `authorization` keeps it.

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/access/access.h"

namespace skillpath::services {

// Full method name ("/skillpath.v1.GapService/GetPersonGap") -> token
// ("" sends none).
using TokenPicker = std::function<std::string(const std::string& method)>;

class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(std::string token) : token_(std::move(token)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      auto* metadata = methods->GetSendInitialMetadata();
      if (!token_.empty() && metadata->find("authorization") == metadata->end()) {
        metadata->insert({"authorization", "Bearer " + token_});
      }
    }
    methods->Proceed();
  }

 private:
  std::string token_;
};

class BearerInterceptorFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(TokenPicker pick) : pick_(std::move(pick)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* info) override {
    return new BearerInterceptor(pick_(info->method()));
  }

 private:
  TokenPicker pick_;
};

inline std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> BearerInterceptors(
    TokenPicker pick) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> v;
  v.push_back(std::make_unique<BearerInterceptorFactory>(std::move(pick)));
  return v;
}

// A channel to `target` whose calls carry the picked token.
inline std::shared_ptr<grpc::Channel> BearerChannel(const std::string& target,
                                                    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                                                    TokenPicker pick,
                                                    const grpc::ChannelArguments& args = grpc::ChannelArguments()) {
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, credentials, args,
                                                                 BearerInterceptors(std::move(pick)));
}

inline TokenPicker Always(std::string token) {
  return [token = std::move(token)](const std::string&) { return token; };
}

// `admin` for the methods the access policy opens to ADMIN, `other` for the
// rest: with an HR token as `other`, every method can be called (tests and
// tools that exercise the services rather than access).
inline TokenPicker AdminWhereAllowed(std::string admin, std::string other) {
  return [admin = std::move(admin), other = std::move(other)](const std::string& method) {
    auto rule = core::Policy().find(method.substr(1));  // "/pkg.Service/Method"
    return rule != core::Policy().end() && rule->second.grants.count(core::Grant::kAdmin) ? admin : other;
  };
}

}  // namespace skillpath::services
