#include "api/catalog_service.h"

#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"

namespace skillpath::services {

grpc::ServerUnaryReactor* CatalogServiceImpl::UpsertResource(grpc::CallbackServerContext* ctx,
                                                             const v1::LearningResource* req,
                                                             v1::LearningResource* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.CatalogService/UpsertResource", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  core::LearningResource r = FromProto(*req);
  if (r.id.empty()) r.id = NewId();
  for (core::Session& s : r.sessions) {
    if (s.id.empty()) s.id = NewId();
  }
  return (*call)->Write([r = std::move(r), resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(core::LearningResource stored, core::UpsertResource(repos, r));
    ToProto(stored, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetResource(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                                          v1::LearningResource* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.CatalogService/GetResource", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("id", req->id()));
    ASSIGN_OR_RETURN(std::optional<core::LearningResource> r, repos.catalog.FindResource(req->id()));
    if (!r) return absl::NotFoundError(absl::StrCat("resource '", req->id(), "' not found"));
    ToProto(*r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListResources(grpc::CallbackServerContext* ctx,
                                                            const v1::ListResourcesRequest* req,
                                                            v1::ListResourcesResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.CatalogService/ListResources", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckOptionalId("competence_id", req->competence_id()));
    if (!req->competence_id().empty()) {
      ASSIGN_OR_RETURN(std::optional<int> top, repos.frameworks.CompetenceTopLevel(req->competence_id()));
      if (!top) return absl::NotFoundError(absl::StrCat("competence '", req->competence_id(), "' not found"));
    }
    ASSIGN_OR_RETURN(std::vector<core::LearningResource> list, repos.catalog.ListResources(req->competence_id()));
    for (const core::LearningResource& r : list) ToProto(r, resp->add_resources());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::DeleteResource(grpc::CallbackServerContext* ctx,
                                                             const v1::DeleteResourceRequest* req,
                                                             v1::DeleteResourceResponse*) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.CatalogService/DeleteResource", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Write([id = req->id()](core::Repositories& repos) { return core::DeleteResource(repos, id); });
}

}  // namespace skillpath::services
