// OrgService adapter: org units, roles and people.

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/call/paging.h"
#include "api/convert/convert.h"
#include "api/services.h"
#include "auth/token_cache.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {
namespace {

class OrgServiceImpl final : public v1::OrgService::CallbackService, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* UpsertOrgUnit(Context* ctx, const v1::OrgUnit* req, v1::OrgUnit* resp) override {
    core::OrgUnit unit = FromProto(*req);
    if (unit.id.empty()) unit.id = NewId();
    return Write(ctx, "skillpath.v1.OrgService/UpsertOrgUnit", About::Nothing(),
                 [unit = std::move(unit), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(core::OrgUnit stored, core::UpsertOrgUnit(repos, unit));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* ListOrgUnits(Context* ctx, const v1::ListOrgUnitsRequest*, v1::ListOrgUnitsResponse* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/ListOrgUnits", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::vector<core::OrgUnit> units, repos.org.ListOrgUnits());
                  for (const core::OrgUnit& u : units) ToProto(u, resp->add_org_units());
                  return absl::OkStatus();
                });
  }

  Reactor* UpsertRole(Context* ctx, const v1::Role* req, v1::Role* resp) override {
    core::Role role = FromProto(*req);
    if (role.id.empty()) role.id = NewId();
    return Write(ctx, "skillpath.v1.OrgService/UpsertRole", About::Nothing(),
                 [role = std::move(role), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(core::Role stored, core::UpsertRole(repos, role));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* GetRole(Context* ctx, const v1::GetRequest* req, v1::Role* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/GetRole", About::Nothing(),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  ASSIGN_OR_RETURN(std::optional<core::Role> role, repos.org.FindRole(req->id()));
                  if (!role) return absl::NotFoundError(absl::StrCat("role '", req->id(), "' not found"));
                  ToProto(*role, resp);
                  return absl::OkStatus();
                });
  }

  Reactor* ListRoles(Context* ctx, const v1::ListRolesRequest*, v1::ListRolesResponse* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/ListRoles", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::vector<core::Role> roles, repos.org.ListRoles());
                  for (const core::Role& r : roles) ToProto(r, resp->add_roles());
                  return absl::OkStatus();
                });
  }

  Reactor* UpsertPerson(Context* ctx, const v1::Person* req, v1::Person* resp) override {
    core::Person person = FromProto(*req);
    if (person.id.empty()) person.id = NewId();
    auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/UpsertPerson", About::Person(person.id));
    if (!call.ok()) return FinishWith(ctx, call.status());
    const std::string id = person.id;
    TokenCache& tokens = services_.tokens;
    return (*call)->Write(
        [person = std::move(person), resp](core::Repositories& repos) -> absl::Status {
          ASSIGN_OR_RETURN(core::Person stored, core::UpsertPerson(repos, person));
          ToProto(stored, resp);
          return absl::OkStatus();
        },
        // Their units or active flag may have changed: their tokens are read
        // again on the next call.
        [&tokens, id](const absl::Status&) { tokens.ForgetPerson(id); });
  }

  Reactor* GetPerson(Context* ctx, const v1::GetRequest* req, v1::Person* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/GetPerson", About::Person(req->id()),
                [req, resp](core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckId("id", req->id()));
                  ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(req->id()));
                  if (!person) return absl::NotFoundError(absl::StrCat("person '", req->id(), "' not found"));
                  ToProto(*person, resp);
                  return absl::OkStatus();
                });
  }

  Reactor* ListPeople(Context* ctx, const v1::ListPeopleRequest* req, v1::ListPeopleResponse* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/ListPeople", About::Unit(req->org_unit_id()),
                [req, resp](Call& call, core::Repositories& repos) -> absl::Status {
                  RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req->org_unit_id()));
                  ASSIGN_OR_RETURN(Page page, ParsePage(req->page_size(), req->page_token(), "ListPeople"));
                  const int page_size = page.size;
                  if (!req->org_unit_id().empty()) {
                    ASSIGN_OR_RETURN(std::optional<core::OrgUnit> unit, repos.org.FindOrgUnit(req->org_unit_id()));
                    if (!unit)
                      return absl::NotFoundError(absl::StrCat("org unit '", req->org_unit_id(), "' not found"));
                  }
                  ASSIGN_OR_RETURN(
                      std::vector<core::Person> people,
                      repos.org.ListPeople(req->org_unit_id(), req->include_subunits(), page.after, page_size + 1));
                  const bool more = static_cast<int>(people.size()) > page_size;
                  if (more) people.resize(page_size);
                  std::vector<std::string> listed;
                  for (const core::Person& p : people) {
                    ToProto(p, resp->add_people());
                    listed.push_back(p.id);
                  }
                  call.AuditReads(listed, absl::OkStatus());
                  if (more) resp->set_next_page_token(NextPageToken(people.back().id));
                  return absl::OkStatus();
                });
  }

  Reactor* AssignRole(Context* ctx, const v1::RoleAssignment* req, v1::Person* resp) override {
    return Write(ctx, "skillpath.v1.OrgService/AssignRole", About::Person(req->person_id()),
                 [person_id = req->person_id(), role_id = req->role_id(), resp](core::Repositories& repos) {
                   ASSIGN_OR_RETURN(core::Person stored, core::AssignRole(repos, person_id, role_id));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* UnassignRole(Context* ctx, const v1::RoleAssignment* req, v1::Person* resp) override {
    return Write(ctx, "skillpath.v1.OrgService/UnassignRole", About::Person(req->person_id()),
                 [person_id = req->person_id(), role_id = req->role_id(), resp](core::Repositories& repos) {
                   ASSIGN_OR_RETURN(core::Person stored, core::UnassignRole(repos, person_id, role_id));
                   ToProto(stored, resp);
                   return absl::OkStatus();
                 });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewOrgService(ServiceContext services) {
  return std::make_unique<OrgServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
