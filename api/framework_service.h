#pragma once
// FrameworkService adapter: competence frameworks.
#include "api/call/handler.h"
#include "skillpath/v1/framework.grpc.pb.h"

namespace skillpath::services {

class FrameworkServiceImpl final : public v1::FrameworkService::CallbackService {
 public:
  explicit FrameworkServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* UpsertFramework(grpc::CallbackServerContext* ctx, const v1::Framework* req,
                                            v1::Framework* resp) override;
  grpc::ServerUnaryReactor* GetFramework(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                         v1::Framework* resp) override;
  grpc::ServerUnaryReactor* ListFrameworks(grpc::CallbackServerContext* ctx, const v1::ListFrameworksRequest* req,
                                           v1::ListFrameworksResponse* resp) override;
  grpc::ServerUnaryReactor* ImportFramework(grpc::CallbackServerContext* ctx, const v1::ImportFrameworkRequest* req,
                                            v1::Framework* resp) override;
  grpc::ServerUnaryReactor* ExportFramework(grpc::CallbackServerContext* ctx, const v1::ExportFrameworkRequest* req,
                                            v1::ExportFrameworkResponse* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
