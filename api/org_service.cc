// OrgService adapter: org units, roles and people.

#include "absl/strings/str_cat.h"
#include "api/call/adapter.h"
#include "api/call/call.h"
#include "api/call/paging.h"
#include "api/convert/convert.h"
#include "api/convert/update_mask.h"
#include "api/org_import.h"
#include "api/services.h"
#include "auth/token_cache.h"
#include "core/model/errors.h"
#include "core/rules/commands.h"
#include "core/rules/validation.h"
#include "core/schedule/work_calendar.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {
namespace {

using OrgServiceBase = v1::OrgService::WithRawCallbackMethod_ImportOrgUnits<
    v1::OrgService::WithRawCallbackMethod_ImportPeople<v1::OrgService::CallbackService>>;

// The request with an id (a new UUID when it has none).
template <typename Message>
Message WithId(const Message& req) {
  Message m = req;
  if (m.id().empty()) m.set_id(NewId());
  return m;
}

class OrgServiceImpl final : public OrgServiceBase, private Adapter {
 public:
  using Adapter::Adapter;

  Reactor* UpsertOrgUnit(Context* ctx, const v1::OrgUnit* req, v1::OrgUnit* resp) override {
    return Write(ctx, "skillpath.v1.OrgService/UpsertOrgUnit", About::Nothing(),
                 [req = WithId(*req), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(v1::OrgUnit in, Upserted(req, [&] { return repos.org.FindOrgUnit(req.id()); }));
                   ASSIGN_OR_RETURN(core::OrgUnit stored, core::UpsertOrgUnit(repos, FromProto(in)));
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
    return Write(ctx, "skillpath.v1.OrgService/UpsertRole", About::Nothing(),
                 [req = WithId(*req), resp](core::Repositories& repos) -> absl::Status {
                   ASSIGN_OR_RETURN(v1::Role in, Upserted(req, [&] { return repos.org.FindRole(req.id()); }));
                   ASSIGN_OR_RETURN(core::Role stored, core::UpsertRole(repos, FromProto(in)));
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
    v1::Person person = WithId(*req);
    auto call = Call::Start(services_, ctx, "skillpath.v1.OrgService/UpsertPerson", About::Person(person.id()));
    if (!call.ok()) return FinishWith(ctx, call.status());
    TokenCache& tokens = services_.tokens;
    auto managers = std::make_shared<std::vector<std::string>>();
    return (*call)->Write(
        [req = std::move(person), resp, managers](core::Repositories& repos) -> absl::Status {
          ASSIGN_OR_RETURN(v1::Person in, Upserted(req, [&] { return repos.org.FindPerson(req.id()); },
                                                   "role_assignments,managed_units"));
          ASSIGN_OR_RETURN(std::optional<core::Person> before, repos.org.FindPerson(req.id()));
          ASSIGN_OR_RETURN(core::Person stored, core::UpsertPerson(repos, FromProto(in)));
          // What their old and new manager manage may have moved with them.
          managers->push_back(stored.id);
          if (before) managers->push_back(before->manager_id);
          managers->push_back(stored.manager_id);
          ToProto(stored, resp);
          return absl::OkStatus();
        },
        // Their units or active flag may have changed: their tokens (and
        // their managers') are read again on the next call.
        [&tokens, managers](const absl::Status&) { tokens.ForgetPeople(*managers); });
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

  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportOrgUnits(Context* ctx, grpc::ByteBuffer* resp) override {
    return StartOrgImport(services_, ctx, core::ImportKind::kUnits, "skillpath.v1.OrgService/ImportOrgUnits", resp);
  }

  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportPeople(Context* ctx, grpc::ByteBuffer* resp) override {
    return StartOrgImport(services_, ctx, core::ImportKind::kPeople, "skillpath.v1.OrgService/ImportPeople", resp);
  }

  Reactor* UpsertPositionRule(Context* ctx, const v1::PositionRule* req, v1::PositionRuleResult* resp) override {
    return RuleWrite(ctx, "skillpath.v1.OrgService/UpsertPositionRule",
                     [rule = FromProto(WithId(*req)), resp](core::Repositories& repos,
                                                              std::vector<std::string>& changed) -> absl::Status {
                       ASSIGN_OR_RETURN(core::PositionRule stored, core::UpsertPositionRule(repos, rule, &changed));
                       ToProto(stored, resp->mutable_rule());
                       resp->set_people_changed(static_cast<int64_t>(changed.size()));
                       return absl::OkStatus();
                     });
  }

  Reactor* DeletePositionRule(Context* ctx, const v1::GetRequest* req, v1::PositionRuleResult* resp) override {
    return RuleWrite(ctx, "skillpath.v1.OrgService/DeletePositionRule",
                     [id = req->id(), resp](core::Repositories& repos, std::vector<std::string>& changed) {
                       RETURN_IF_ERROR(core::DeletePositionRule(repos, id, &changed));
                       resp->set_people_changed(static_cast<int64_t>(changed.size()));
                       return absl::OkStatus();
                     });
  }

  Reactor* ListPositionRules(Context* ctx, const v1::ListPositionRulesRequest*,
                             v1::ListPositionRulesResponse* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/ListPositionRules", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(std::vector<core::PositionRule> rules, repos.org.ListPositionRules());
                  for (const core::PositionRule& r : rules) ToProto(r, resp->add_rules());
                  return absl::OkStatus();
                });
  }

  Reactor* GetWorkCalendar(Context* ctx, const v1::GetWorkCalendarRequest*, v1::WorkCalendar* resp) override {
    return Read(ctx, "skillpath.v1.OrgService/GetWorkCalendar", About::Nothing(),
                [resp](core::Repositories& repos) -> absl::Status {
                  ASSIGN_OR_RETURN(core::WorkCalendarSettings calendar, repos.plans.GetWorkCalendar());
                  ToProto(calendar, resp);
                  return absl::OkStatus();
                });
  }

  Reactor* SetWorkCalendar(Context* ctx, const v1::WorkCalendar* req, v1::WorkCalendar* resp) override {
    return Write(ctx, "skillpath.v1.OrgService/SetWorkCalendar", About::Nothing(),
                 [calendar = FromProto(*req), said = req->has_norwegian_holidays(),
                  resp](core::Repositories& repos) -> absl::Status {
                   if (!said) {
                     return absl::InvalidArgumentError(
                         "norwegian_holidays: say true or false (SetWorkCalendar replaces the whole calendar)");
                   }
                   RETURN_IF_ERROR(core::CheckWorkCalendar(calendar));
                   RETURN_IF_ERROR(repos.plans.PutWorkCalendar(calendar));
                   ToProto(calendar, resp);
                   return absl::OkStatus();
                 });
  }

  Reactor* SetNotificationSettings(Context* ctx, const v1::NotificationSettingsRequest* req,
                                   v1::Person* resp) override {
    return Write(ctx, "skillpath.v1.OrgService/SetNotificationSettings", About::Person(req->person_id()),
                 [r = *req, resp](core::Repositories& repos) -> absl::Status {
                   if (r.has_language() && r.language() != "" && r.language() != "nb" && r.language() != "en") {
                     return absl::InvalidArgumentError(
                         absl::StrCat("language: '", r.language(), "' is not nb or en (or empty for bokmål)"));
                   }
                   ASSIGN_OR_RETURN(std::optional<core::Person> p, repos.org.FindPerson(r.person_id()));
                   if (!p) return absl::NotFoundError(absl::StrCat("person_id: no person '", r.person_id(), "'"));
                   if (r.has_language()) p->language = r.language();
                   if (r.has_email_notifications()) p->email_notifications = r.email_notifications();
                   if (!repos.notifications) return absl::InternalError("this store keeps no notification settings");
                   RETURN_IF_ERROR(
                       repos.notifications->SetPersonSettings(p->id, p->language, p->email_notifications).status());
                   ToProto(*p, resp);
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

 private:
  // A write of the position rules: the people whose roles it moved have
  // their tokens read again.
  Reactor* RuleWrite(Context* ctx, const char* method,
                     std::function<absl::Status(core::Repositories&, std::vector<std::string>&)> job) {
    auto call = Call::Start(services_, ctx, method, About::Nothing());
    if (!call.ok()) return FinishWith(ctx, call.status());
    auto changed = std::make_shared<std::vector<std::string>>();
    TokenCache& tokens = services_.tokens;
    return (*call)->Write([job = std::move(job), changed](core::Repositories& repos) { return job(repos, *changed); },
                          [&tokens, changed](const absl::Status&) { tokens.ForgetPeople(*changed); });
  }
};

}  // namespace

std::unique_ptr<grpc::Service> NewOrgService(ServiceContext services) {
  return std::make_unique<OrgServiceImpl>(std::move(services));
}

}  // namespace skillpath::services
