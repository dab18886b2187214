#include "core/access/access.h"

#include "absl/strings/str_cat.h"

namespace skillpath::core {
namespace {

constexpr Grant E = Grant::kEmployee, M = Grant::kManager, H = Grant::kHr, A = Grant::kAdmin, G = Grant::kAggregate;

std::map<std::string, Rule, std::less<>> MakePolicy() {
  const std::string v1 = "skillpath.v1.";
  std::map<std::string, Rule, std::less<>> p;
  auto rule = [&](const std::string& service, std::vector<std::string> methods, std::set<Grant> grants, Scope scope,
                  std::map<Grant, std::set<std::string>> actions = {}) {
    for (const std::string& m : methods) p[v1 + service + "/" + m] = Rule{grants, scope, actions};
  };
  const std::set<Grant> everyone = {E, M, H, A, G};
  rule("FrameworkService", {"GetFramework", "ListFrameworks", "ExportFramework", "ListAvailableFrameworks"}, everyone,
       Scope::kNone);
  rule("FrameworkService", {"UpsertFramework", "ImportFramework", "InstallFramework"}, {A}, Scope::kNone);
  rule("OrgService", {"ListOrgUnits", "ListRoles", "GetRole"}, everyone, Scope::kNone);
  rule("OrgService", {"UpsertOrgUnit", "UpsertPerson", "AssignRole", "UnassignRole"}, {A}, Scope::kNone);
  // HR keeps the role target profiles (issue #15: HR makes a role target
  // on the administration pages), as it keeps the catalogue.
  rule("OrgService", {"UpsertRole"}, {H, A}, Scope::kNone);
  rule("OrgService", {"GetPerson"}, {E, M, H, A}, Scope::kPerson);
  // The HR system's export is HR's; position rules give access-relevant
  // roles, so they are an ADMIN's.
  rule("OrgService", {"ImportOrgUnits", "ImportPeople"}, {H, A}, Scope::kNone);
  rule("OrgService", {"UpsertPositionRule", "DeletePositionRule"}, {A}, Scope::kNone);
  rule("OrgService", {"ListPositionRules"}, {H, A}, Scope::kNone);
  rule("OrgService", {"GetWorkCalendar"}, everyone, Scope::kNone);
  rule("OrgService", {"SetWorkCalendar"}, {H, A}, Scope::kNone);
  // What skillpath sends a person is theirs to decide (an ADMIN may help).
  rule("OrgService", {"SetNotificationSettings"}, {E, A}, Scope::kPerson);
  rule("OrgService", {"ListPeople"}, {M, H, A}, Scope::kUnit);
  // Employees rate themselves; managers rate their people; HR and ADMIN
  // also record evidence and certifications.
  rule("AssessmentService", {"RecordAssessment"}, {E, M, H, A}, Scope::kPerson, {{E, {"SELF"}}, {M, {"MANAGER"}}});
  rule("AssessmentService", {"ListAssessments"}, {E, M, H, A}, Scope::kPerson);
  rule("AssessmentService", {"ImportAssessments"}, {H, A}, Scope::kNone);
  rule("CatalogService", {"GetResource", "ListResources"}, everyone, Scope::kNone);
  rule("CatalogService", {"UpsertResource", "DeleteResource", "ImportResources"}, {H, A}, Scope::kNone);
  rule("GapService", {"GetPersonGap"}, {E, M, H, A}, Scope::kPerson);
  // AGGREGATE sees the team view without people (the adapter drops rows).
  rule("GapService", {"GetTeamGap", "GetOrgSummary"}, {M, H, A, G}, Scope::kUnit);
  rule("PlanService", {"GeneratePlan", "GetPlan", "ListPlans", "UpdateStep", "GetPlanCalendar"}, {E, M, H},
       Scope::kPerson);
  // A calendar feed is the person's own (an ADMIN may make or end anyone's);
  // the feed itself is read by its person only (their feed secret, token or
  // session), so a manager's or HR's token reads it only for their own.
  rule("PlanService", {"CreateCalendarFeed", "RevokeCalendarFeed"}, {E, A}, Scope::kPerson);
  rule("PlanService", {"GetCalendarFeed"}, {E}, Scope::kPerson);
  // Approving is for the manager or HR, never the learner.
  rule("PlanService", {"SetPlanStatus"}, {E, M, H}, Scope::kPerson,
       {{E, {"DRAFT", "PROPOSED", "IN_PROGRESS", "COMPLETED", "CANCELLED"}}});
  // Nobody validates their own competence: a learner's DONE awaits their
  // manager or HR. A token acting for its own person is held to the
  // EMPLOYEE limits, and those allow no answer (ACCEPT or SEND_BACK).
  rule("PlanService", {"ConfirmStep"}, {E, M, H}, Scope::kPerson, {{E, {}}});
  rule("PlanService", {"ListPendingConfirmations"}, {M, H}, Scope::kUnit);
  // Issue #15: the person, their manager and HR talk about a plan; what
  // waits for a manager (or HR) in a unit is theirs to see.
  rule("PlanService", {"AddPlanComment"}, {E, M, H}, Scope::kPerson);
  rule("PlanService", {"GetInbox"}, {M, H}, Scope::kUnit);
  // Issue #14 item 3: the plan's person, their manager or HR make an open
  // plan again (as they may cancel it and make a DRAFT); the count of plans
  // out of date is figures about a unit, for HR and the unit's manager.
  rule("PlanService", {"RegeneratePlan"}, {E, M, H}, Scope::kPerson);
  rule("PlanService", {"GetOutOfDatePlanCount"}, {M, H}, Scope::kUnit);
  rule("PlanService", {"GetTrainingDemand"}, {H}, Scope::kNone);
  // Reports as files: each the rule of the call it makes (api/report_service.cc).
  rule("ReportService", {"ExportTeamGap", "ExportOrgSummary"}, {M, H, A, G}, Scope::kUnit);
  rule("ReportService", {"ExportTrainingDemand"}, {H}, Scope::kNone);
  rule("AuthService", {"CreateToken", "RevokeToken", "ListTokens", "ListAuditEvents"}, {A}, Scope::kNone);
  rule("AuthService", {"WhoAmI"}, everyone, Scope::kNone);
  // Art. 15/20: a person exports their own data (an ADMIN anyone's); art. 17:
  // erasure is an ADMIN's.
  rule("PrivacyService", {"ExportPersonData"}, {E, A}, Scope::kPerson);
  rule("PrivacyService", {"ErasePerson"}, {A}, Scope::kNone);
  return p;
}

bool InManagedSubtree(const Caller& caller, const std::string& unit_id, const UnitTable& units) {
  auto unit = units.Find(unit_id);
  if (!unit) return false;
  // Walk up from the subject's unit: is any ancestor (or itself) managed?
  for (int32_t u = static_cast<int32_t>(*unit); u >= 0; u = units.parent[static_cast<size_t>(u)]) {
    for (const std::string& managed : caller.manages_unit_ids) {
      if (units.units[static_cast<size_t>(u)].id == managed) return true;
    }
  }
  return false;
}

}  // namespace

const std::map<std::string, Rule, std::less<>>& Policy() {
  static const std::map<std::string, Rule, std::less<>> policy = MakePolicy();
  return policy;
}

bool SeesPeople(Grant grant) { return grant != Grant::kAggregate; }

bool IsPublicMethod(std::string_view m) {
  return m == "grpc.health.v1.Health/Check" || m == "skillpath.v1.AuthService/GetSignInSettings" || m == "grpc.health.v1.Health/Watch" ||
         m.substr(0, 41) == "grpc.reflection.v1alpha.ServerReflection/" ||
         m.substr(0, 36) == "grpc.reflection.v1.ServerReflection/";
}

absl::Status Decide(std::string_view method_view, const Caller& caller, const Subject& subject, const UnitTable& units) {
  if (IsPublicMethod(method_view)) return absl::OkStatus();
  auto it = Policy().find(method_view);
  // Only for the messages of a refusal.
  auto method = [&] { return std::string(method_view); };
  if (it == Policy().end()) {
    return absl::PermissionDeniedError(absl::StrCat(method(), " has no access rule; it is refused until it gets one"));
  }
  const Rule& rule = it->second;
  // Every person's token may do for its own person what an EMPLOYEE may (an
  // administrator or a union representative is an employee too), and is
  // held to the EMPLOYEE limits there: nobody approves their own plan.
  const bool self = !caller.person_id.empty() && subject.person_id == caller.person_id;
  const bool as_employee = self && rule.grants.count(Grant::kEmployee);
  if (!rule.grants.count(caller.grant) && !as_employee) {
    return absl::PermissionDeniedError(
        absl::StrCat(method(), " is not allowed for a ", GrantName(caller.grant), " token"));
  }
  const Grant acting = as_employee ? Grant::kEmployee : caller.grant;
  if (auto limits = rule.actions.find(acting); limits != rule.actions.end() && !subject.action.empty() &&
                                               !limits->second.count(subject.action)) {
    return absl::PermissionDeniedError(absl::StrCat(method(), ": a ", GrantName(caller.grant), " token may not do ",
                                                    subject.action, self ? " for its own holder" : ""));
  }
  bool within = true;
  switch (rule.scope) {
    case Scope::kNone:
      break;
    case Scope::kPerson:
      if (acting == Grant::kEmployee) within = self;
      if (acting == Grant::kManager) within = InManagedSubtree(caller, subject.unit_id, units);
      break;
    case Scope::kUnit:
      if (caller.grant == Grant::kManager) within = InManagedSubtree(caller, subject.unit_id, units);
      break;
  }
  if (within) return absl::OkStatus();
  // The same words whether the subject is out of reach or does not exist.
  return absl::PermissionDeniedError(
      absl::StrCat(method(), ": outside what this ", GrantName(caller.grant), " token may see"));
}

}  // namespace skillpath::core
