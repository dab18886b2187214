#pragma once
// AuthService adapter: API tokens and the audit log (ADMIN only).
#include "api/call/handler.h"
#include "skillpath/v1/auth.grpc.pb.h"

namespace skillpath::services {

class AuthServiceImpl final : public v1::AuthService::CallbackService {
 public:
  explicit AuthServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx, const v1::WhoAmIRequest* req,
                                   v1::WhoAmIResponse* resp) override;
  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* ctx, const v1::CreateTokenRequest* req,
                                        v1::CreateTokenResponse* resp) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* ctx, const v1::RevokeTokenRequest* req,
                                        v1::TokenInfo* resp) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* ctx, const v1::ListTokensRequest* req,
                                       v1::ListTokensResponse* resp) override;
  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* ctx, const v1::ListAuditEventsRequest* req,
                                            v1::ListAuditEventsResponse* resp) override;

  static constexpr int kDefaultPageSize = 1000;
  static constexpr int kMaxPageSize = 10000;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
