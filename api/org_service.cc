#include "api/org_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/call/call.h"
#include "api/convert/convert.h"
#include "auth/token_cache.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

constexpr int kDefaultPageSize = 1000;
constexpr int kMaxPageSize = 10000;
// Page tokens carry the last id of the page before; the prefix marks them
// as ours so a token from elsewhere is rejected rather than misread.
constexpr absl::string_view kPageTokenPrefix = "after:";

}  // namespace

grpc::ServerUnaryReactor* OrgServiceImpl::UpsertOrgUnit(grpc::CallbackServerContext* ctx, const v1::OrgUnit* req,
                                                        v1::OrgUnit* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/UpsertOrgUnit", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  core::OrgUnit unit = FromProto(*req);
  if (unit.id.empty()) unit.id = NewId();
  return (*call)->Write([unit = std::move(unit), resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(core::OrgUnit stored, core::UpsertOrgUnit(repos, unit));
    ToProto(stored, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::ListOrgUnits(grpc::CallbackServerContext* ctx,
                                                       const v1::ListOrgUnitsRequest*, v1::ListOrgUnitsResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/ListOrgUnits", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<core::OrgUnit> units, repos.org.ListOrgUnits());
    for (const core::OrgUnit& u : units) ToProto(u, resp->add_org_units());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::UpsertRole(grpc::CallbackServerContext* ctx, const v1::Role* req,
                                                     v1::Role* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/UpsertRole", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  core::Role role = FromProto(*req);
  if (role.id.empty()) role.id = NewId();
  return (*call)->Write([role = std::move(role), resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(core::Role stored, core::UpsertRole(repos, role));
    ToProto(stored, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::GetRole(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                                  v1::Role* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/GetRole", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("id", req->id()));
    ASSIGN_OR_RETURN(std::optional<core::Role> role, repos.org.FindRole(req->id()));
    if (!role) return absl::NotFoundError(absl::StrCat("role '", req->id(), "' not found"));
    ToProto(*role, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::ListRoles(grpc::CallbackServerContext* ctx, const v1::ListRolesRequest*,
                                                    v1::ListRolesResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/ListRoles", About::Nothing());
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([resp](core::Repositories& repos) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<core::Role> roles, repos.org.ListRoles());
    for (const core::Role& r : roles) ToProto(r, resp->add_roles());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::UpsertPerson(grpc::CallbackServerContext* ctx, const v1::Person* req,
                                                       v1::Person* resp) {
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

grpc::ServerUnaryReactor* OrgServiceImpl::GetPerson(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                                    v1::Person* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/GetPerson", About::Person(req->id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckId("id", req->id()));
    ASSIGN_OR_RETURN(std::optional<core::Person> person, repos.org.FindPerson(req->id()));
    if (!person) return absl::NotFoundError(absl::StrCat("person '", req->id(), "' not found"));
    ToProto(*person, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::ListPeople(grpc::CallbackServerContext* ctx,
                                                     const v1::ListPeopleRequest* req, v1::ListPeopleResponse* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/ListPeople", About::Unit(req->org_unit_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Read([req, resp, call = *call](core::Repositories& repos) -> absl::Status {
    RETURN_IF_ERROR(core::CheckOptionalId("org_unit_id", req->org_unit_id()));
    if (req->page_size() < 0) return core::InvalidField("page_size", "must not be negative");
    if (req->page_size() > kMaxPageSize) {
      return core::InvalidField("page_size", absl::StrCat("at most ", kMaxPageSize));
    }
    const int page_size = req->page_size() == 0 ? kDefaultPageSize : req->page_size();
    std::string after;
    if (!req->page_token().empty()) {
      if (!absl::StartsWith(req->page_token(), kPageTokenPrefix)) {
        return core::InvalidField("page_token", "not a token from a previous ListPeople answer");
      }
      after = req->page_token().substr(kPageTokenPrefix.size());
    }
    if (!req->org_unit_id().empty()) {
      ASSIGN_OR_RETURN(std::optional<core::OrgUnit> unit, repos.org.FindOrgUnit(req->org_unit_id()));
      if (!unit) return absl::NotFoundError(absl::StrCat("org unit '", req->org_unit_id(), "' not found"));
    }
    ASSIGN_OR_RETURN(std::vector<core::Person> people,
                     repos.org.ListPeople(req->org_unit_id(), req->include_subunits(), after, page_size + 1));
    const bool more = static_cast<int>(people.size()) > page_size;
    if (more) people.resize(page_size);
    std::vector<std::string> listed;
    for (const core::Person& p : people) {
      ToProto(p, resp->add_people());
      listed.push_back(p.id);
    }
    call->AuditReads(listed, absl::OkStatus());
    if (more) resp->set_next_page_token(absl::StrCat(kPageTokenPrefix, people.back().id));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* OrgServiceImpl::AssignRole(grpc::CallbackServerContext* ctx, const v1::RoleAssignment* req,
                                                     v1::Person* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/AssignRole", About::Person(req->person_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Write(
                    [person_id = req->person_id(), role_id = req->role_id(), resp](core::Repositories& repos) {
                      ASSIGN_OR_RETURN(core::Person stored, core::AssignRole(repos, person_id, role_id));
                      ToProto(stored, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* OrgServiceImpl::UnassignRole(grpc::CallbackServerContext* ctx,
                                                       const v1::RoleAssignment* req, v1::Person* resp) {
  auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/UnassignRole", About::Person(req->person_id()));
  if (!call.ok()) return FinishWith(ctx, call.status());
  return (*call)->Write(
                    [person_id = req->person_id(), role_id = req->role_id(), resp](core::Repositories& repos) {
                      ASSIGN_OR_RETURN(core::Person stored, core::UnassignRole(repos, person_id, role_id));
                      ToProto(stored, resp);
                      return absl::OkStatus();
                    });
}

}  // namespace skillpath::services
