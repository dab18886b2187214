#pragma once
// OrgService adapter: org units, roles and people.
#include "api/call/handler.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {

class OrgServiceImpl final : public v1::OrgService::CallbackService {
 public:
  explicit OrgServiceImpl(ServiceContext services) : services_(std::move(services)) {}

  grpc::ServerUnaryReactor* UpsertOrgUnit(grpc::CallbackServerContext* ctx, const v1::OrgUnit* req,
                                          v1::OrgUnit* resp) override;
  grpc::ServerUnaryReactor* ListOrgUnits(grpc::CallbackServerContext* ctx, const v1::ListOrgUnitsRequest* req,
                                         v1::ListOrgUnitsResponse* resp) override;
  grpc::ServerUnaryReactor* UpsertRole(grpc::CallbackServerContext* ctx, const v1::Role* req, v1::Role* resp) override;
  grpc::ServerUnaryReactor* GetRole(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                    v1::Role* resp) override;
  grpc::ServerUnaryReactor* ListRoles(grpc::CallbackServerContext* ctx, const v1::ListRolesRequest* req,
                                      v1::ListRolesResponse* resp) override;
  grpc::ServerUnaryReactor* UpsertPerson(grpc::CallbackServerContext* ctx, const v1::Person* req,
                                         v1::Person* resp) override;
  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                      v1::Person* resp) override;
  grpc::ServerUnaryReactor* ListPeople(grpc::CallbackServerContext* ctx, const v1::ListPeopleRequest* req,
                                       v1::ListPeopleResponse* resp) override;
  grpc::ServerUnaryReactor* AssignRole(grpc::CallbackServerContext* ctx, const v1::RoleAssignment* req,
                                       v1::Person* resp) override;
  grpc::ServerUnaryReactor* UnassignRole(grpc::CallbackServerContext* ctx, const v1::RoleAssignment* req,
                                         v1::Person* resp) override;

 private:
  ServiceContext services_;
};

}  // namespace skillpath::services
