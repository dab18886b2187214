#include "api/framework_service.h"

#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"

namespace skillpath::services {

grpc::ServerUnaryReactor* FrameworkServiceImpl::UpsertFramework(grpc::CallbackServerContext* ctx,
                                                                const v1::Framework* req, v1::Framework* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.FrameworkService/UpsertFramework", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  core::Framework f = FromProto(*req);
  if (f.id.empty()) f.id = NewId();
  return (*call)->Write([f = std::move(f), resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(core::Framework stored, core::UpsertFramework(repos, f));
    ToProto(stored, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* FrameworkServiceImpl::GetFramework(grpc::CallbackServerContext* ctx,
                                                             const v1::GetRequest* req, v1::Framework* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.FrameworkService/GetFramework", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("id", req->id()));
    ASSIGN_OR_RETURN(std::optional<core::Framework> f, repos.frameworks.FindFramework(req->id()));
    if (!f) return absl::NotFoundError(absl::StrCat("framework '", req->id(), "' not found"));
    ToProto(*f, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* FrameworkServiceImpl::ListFrameworks(grpc::CallbackServerContext* ctx,
                                                               const v1::ListFrameworksRequest*,
                                                               v1::ListFrameworksResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.FrameworkService/ListFrameworks", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<core::Framework> all, repos.frameworks.ListFrameworks());
    for (const core::Framework& f : all) ToProto(f, resp->add_frameworks());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* FrameworkServiceImpl::ImportFramework(grpc::CallbackServerContext* ctx,
                                                                const v1::ImportFrameworkRequest*, v1::Framework*) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.FrameworkService/ImportFramework", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return ServeUnimplemented(ctx, "FrameworkService.ImportFramework", "a later issue (framework import/export)");
}

grpc::ServerUnaryReactor* FrameworkServiceImpl::ExportFramework(grpc::CallbackServerContext* ctx,
                                                                const v1::ExportFrameworkRequest*,
                                                                v1::ExportFrameworkResponse*) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.FrameworkService/ExportFramework", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return ServeUnimplemented(ctx, "FrameworkService.ExportFramework", "a later issue (framework import/export)");
}

}  // namespace skillpath::services
