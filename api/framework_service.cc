// FrameworkService adapter: competence frameworks.

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/bundled/bundled_frameworks.h"
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

// The bundled frameworks as the API shows them (through the core type, as a
// stored one would be), parsed once.
const std::vector<v1::Framework>& Bundled() {
  static const std::vector<v1::Framework> kBundled = [] {
    std::vector<v1::Framework> out;
    for (const bundled::BundledFramework& b : bundled::Frameworks()) {
      v1::Framework m;
      // The files are checked when built (framework_service tests); one
      // that did not parse would be left out rather than stop the server.
      if (!google::protobuf::util::JsonStringToMessage(std::string(b.json), &m).ok()) continue;
      v1::Framework normal;
      ToProto(FromProto(m), &normal);
      out.push_back(std::move(normal));
    }
    return out;
  }();
  return kBundled;
}

absl::StatusOr<const v1::Framework*> FindBundled(const std::string& name) {
  if (name.empty()) return core::InvalidField("name", "must not be empty");
  std::vector<const v1::Framework*> starts;
  std::vector<std::string> ids;
  for (const v1::Framework& f : Bundled()) {
    if (absl::EqualsIgnoreCase(f.id(), name) || absl::EqualsIgnoreCase(f.name(), name)) return &f;
    if (absl::StartsWithIgnoreCase(f.id(), name)) starts.push_back(&f);
    ids.push_back(f.id());
  }
  if (starts.size() == 1) return starts[0];
  if (starts.size() > 1) {
    std::vector<std::string> which;
    for (const v1::Framework* f : starts) which.push_back(f->id());
    return core::InvalidField("name", absl::StrCat("'", name, "' could be ", absl::StrJoin(which, " or ")));
  }
  return absl::NotFoundError(
      absl::StrCat("no bundled framework '", name, "' (available: ", absl::StrJoin(ids, ", "), ")"));
}

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

  Reactor* ListAvailableFrameworks(Context* ctx, const v1::ListAvailableFrameworksRequest*,
                                   v1::ListAvailableFrameworksResponse* resp) override {
    return Read(ctx, "skillpath.v1.FrameworkService/ListAvailableFrameworks", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  for (const v1::Framework& f : Bundled()) {
                    v1::AvailableFramework* a = resp->add_frameworks();
                    a->set_id(f.id());
                    a->set_name(f.name());
                    a->set_version(f.version());
                    a->set_description(f.description());
                    a->set_source_uri(f.source_uri());
                    a->set_areas(f.areas_size());
                    int competences = 0;
                    for (const auto& area : f.areas()) competences += area.competences_size();
                    a->set_competences(competences);
                    a->set_levels(f.scale().levels_size());
                    ASSIGN_OR_RETURN(std::optional<core::Framework> stored, repos.frameworks.FindFramework(f.id()));
                    if (!stored) continue;
                    v1::Framework mine;
                    ToProto(*stored, &mine);
                    a->set_installed(true);
                    a->set_installed_version(mine.version());
                    a->set_differs(!google::protobuf::util::MessageDifferencer::Equals(mine, f));
                  }
                  return absl::OkStatus();
                });
  }

  Reactor* InstallFramework(Context* ctx, const v1::InstallFrameworkRequest* req, v1::Framework* resp) override {
    return Write(ctx, "skillpath.v1.FrameworkService/InstallFramework", About::Nothing(),
                 [req, resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(const v1::Framework* bundled, FindBundled(req->name()));
                   ASSIGN_OR_RETURN(core::Framework stored, core::UpsertFramework(repos, FromProto(*bundled)));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewFrameworkService(ServiceContext services) {
  return std::make_unique<FrameworkServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
