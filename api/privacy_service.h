#pragma once
// PrivacyService adapter: a person's rights over their data (GDPR art. 15,
// 17 and 20): export everything stored about them, and erasure.
#include "api/call/handler.h"
#include "skillpath/v1/auth.grpc.pb.h"

namespace skillpath::services {

class PrivacyServiceImpl final : public v1::PrivacyService::CallbackService {
 public:
  explicit PrivacyServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* ExportPersonData(grpc::CallbackServerContext* ctx, const v1::ExportPersonDataRequest* req,
                                             v1::ExportPersonDataResponse* resp) override;
  grpc::ServerUnaryReactor* ErasePerson(grpc::CallbackServerContext* ctx, const v1::ErasePersonRequest* req,
                                        v1::ErasePersonResponse* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
