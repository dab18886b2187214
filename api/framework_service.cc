// FrameworkService adapter: competence frameworks.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "api/convert/update_mask.h"
#include "api/formats/framework_formats.h"
#include "api/services.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "skillpath/v1/framework.grpc.pb.h"

namespace skillpath::services {
namespace {

class FrameworkServiceImpl final : public v1::FrameworkService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* UpsertFramework(Context* ctx, const v1::Framework* req, v1::Framework* resp) override {
    v1::Framework request = *req;
    if (request.id().empty()) request.set_id(NewId());
    return Write(ctx, "skillpath.v1.FrameworkService/UpsertFramework", About::Nothing(),
                 [req = std::move(request), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(v1::Framework in,
                                    Upserted(req, [&] { return repos.frameworks.FindFramework(req.id()); }));
                   ASSIGN_OR_RETURN(core::Framework stored, core::UpsertFramework(repos, FromProto(in)));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* GetFramework(Context* ctx, const v1::GetRequest* req, v1::Framework* resp) override {
    return Read(ctx, "skillpath.v1.FrameworkService/GetFramework", About::Nothing(),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  ASSIGN_OR_RETURN(std::optional<core::Framework> f, repos.frameworks.FindFramework(req->id()));
                  if (!f) return absl::NotFoundError(absl::StrCat("framework '", req->id(), "' not found"));
                  ToProto(*f, resp);
                  return absl::OkStatus();
                });
  }

  Reactor* ListFrameworks(Context* ctx, const v1::ListFrameworksRequest*, v1::ListFrameworksResponse* resp) override {
    return Read(ctx, "skillpath.v1.FrameworkService/ListFrameworks", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::vector<core::Framework> all, repos.frameworks.ListFrameworks());
                  for (const core::Framework& f : all) ToProto(f, resp->add_frameworks());
                  return absl::OkStatus();
                });
  }

  // The content is read in the write job, after the caller is known to be
  // allowed to write, and stored as UpsertFramework stores (replacing the
  // framework of the same id: a re-import updates in place).
  Reactor* ImportFramework(Context* ctx, const v1::ImportFrameworkRequest* req, v1::Framework* resp) override {
    return Write(ctx, "skillpath.v1.FrameworkService/ImportFramework", About::Nothing(),
                 [req, resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(core::Framework read, formats::ReadFramework(req->format(), req->content()));
                   ASSIGN_OR_RETURN(core::Framework stored, core::UpsertFramework(repos, std::move(read)));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* ExportFramework(Context* ctx, const v1::ExportFrameworkRequest* req,
                           v1::ExportFrameworkResponse* resp) override {
    const absl::Time now = absl::FromUnixMicros(services_.now());
    return Read(ctx, "skillpath.v1.FrameworkService/ExportFramework", About::Nothing(),
                [req, resp, now](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  ASSIGN_OR_RETURN(std::optional<core::Framework> f, repos.frameworks.FindFramework(req->id()));
                  if (!f) return absl::NotFoundError(absl::StrCat("framework '", req->id(), "' not found"));
                  ASSIGN_OR_RETURN(std::string content, formats::WriteFramework(req->format(), *f, now));
                  resp->set_format(req->format().empty() ? "json" : absl::AsciiStrToLower(req->format()));
                  resp->set_content(std::move(content));
                  return absl::OkStatus();
                });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewFrameworkService(ServiceContext services) {
  return std::make_unique<FrameworkServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
