// CatalogService adapter: learning resources.

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/convert/update_mask.h"
#include "api/services.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "skillpath/v1/catalog.grpc.pb.h"

namespace skillpath::services {
namespace {

class CatalogServiceImpl final : public v1::CatalogService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* UpsertResource(Context* ctx, const v1::LearningResource* req, v1::LearningResource* resp) override {
    v1::LearningResource request = *req;
    if (request.id().empty()) request.set_id(NewId());
    for (v1::Session& s : *request.mutable_sessions()) {
      if (s.id().empty()) s.set_id(NewId());
    }
    return Write(ctx, "skillpath.v1.CatalogService/UpsertResource", About::Nothing(),
                 [req = std::move(request), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(v1::LearningResource in,
                                    Upserted(req, [&] { return repos.catalog.FindResource(req.id()); }));
                   ASSIGN_OR_RETURN(core::LearningResource stored, core::UpsertResource(repos, FromProto(in)));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* ImportResources(Context* ctx, const v1::ImportResourcesRequest* req,
                           v1::ImportResourcesResponse* resp) override {
    v1::ImportResourcesRequest request = *req;
    for (v1::LearningResource& r : *request.mutable_resources()) {
      if (r.id().empty()) r.set_id(NewId());
      for (v1::Session& s : *r.mutable_sessions()) {
        if (s.id().empty()) s.set_id(NewId());
      }
    }
    return Write(ctx, "skillpath.v1.CatalogService/ImportResources", About::Nothing(),
                 [req = std::move(request), resp](core::Repositories& repos) -> absl::Status {
                   if (req.resources().empty()) return core::InvalidField("resources", "must list at least one resource");
                   std::vector<core::LearningResource> all;
                   for (const v1::LearningResource& r : req.resources()) all.push_back(FromProto(r));
                   ASSIGN_OR_RETURN(std::vector<size_t> order, core::PrerequisitesFirst(all));
                   for (size_t i : order) {
                     ASSIGN_OR_RETURN(std::optional<core::LearningResource> before, repos.catalog.FindResource(all[i].id));
                     auto stored = core::UpsertResource(repos, std::move(all[i]));
                     if (!stored.ok()) {
                       return absl::Status(stored.status().code(),
                                           absl::StrCat("resources[", i, "] ('", req.resources(i).id(), "'): ",
                                                        stored.status().message()));
                     }
                     v1::LearningResource now, was;
                     ToProto(*stored, &now);
                     if (before) ToProto(*before, &was);
                     std::string* into = !before ? resp->add_created_ids()
                                         : google::protobuf::util::MessageDifferencer::Equals(was, now)
                                             ? resp->add_unchanged_ids()
                                             : resp->add_changed_ids();
                     *into = now.id();
                   }
                   return absl::OkStatus();
                 });
  }

  Reactor* GetResource(Context* ctx, const v1::GetRequest* req, v1::LearningResource* resp) override {
    return Read(ctx, "skillpath.v1.CatalogService/GetResource", About::Nothing(),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  ASSIGN_OR_RETURN(std::optional<core::LearningResource> r, repos.catalog.FindResource(req->id()));
                  if (!r) return absl::NotFoundError(absl::StrCat("resource '", req->id(), "' not found"));
                  ToProto(*r, resp);
                  return absl::OkStatus();
                });
  }

  Reactor* ListResources(Context* ctx, const v1::ListResourcesRequest* req, v1::ListResourcesResponse* resp) override {
    return Read(ctx, "skillpath.v1.CatalogService/ListResources", About::Nothing(),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckOptionalId("competence_id", req->competence_id()));
                  if (!req->competence_id().empty()) {
                    ASSIGN_OR_RETURN(std::optional<int> top, repos.frameworks.CompetenceTopLevel(req->competence_id()));
                    if (!top)
                      return absl::NotFoundError(absl::StrCat("competence '", req->competence_id(), "' not found"));
                  }
                  ASSIGN_OR_RETURN(std::vector<core::LearningResource> list,
                                   repos.catalog.ListResources(req->competence_id()));
                  for (const core::LearningResource& r : list) ToProto(r, resp->add_resources());
                  return absl::OkStatus();
                });
  }

  Reactor* DeleteResource(Context* ctx, const v1::DeleteResourceRequest* req, v1::DeleteResourceResponse*) override {
    return Write(ctx, "skillpath.v1.CatalogService/DeleteResource", About::Nothing(),
                 [id = req->id()](core::Repositories& repos) { return core::DeleteResource(repos, id); });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewCatalogService(ServiceContext services) {
  return std::make_unique<CatalogServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
