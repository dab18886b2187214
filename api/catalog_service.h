#pragma once
// CatalogService adapter: learning resources.
#include "api/call/handler.h"
#include "skillpath/v1/catalog.grpc.pb.h"

namespace skillpath::services {

class CatalogServiceImpl final : public v1::CatalogService::CallbackService {
 public:
  explicit CatalogServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* UpsertResource(grpc::CallbackServerContext* ctx, const v1::LearningResource* req,
                                           v1::LearningResource* resp) override;
  grpc::ServerUnaryReactor* GetResource(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                        v1::LearningResource* resp) override;
  grpc::ServerUnaryReactor* ListResources(grpc::CallbackServerContext* ctx, const v1::ListResourcesRequest* req,
                                          v1::ListResourcesResponse* resp) override;
  grpc::ServerUnaryReactor* DeleteResource(grpc::CallbackServerContext* ctx, const v1::DeleteResourceRequest* req,
                                           v1::DeleteResourceResponse* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
