// skillpath unit|person: org units and people.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

void UnitList(Client& c) {
  const auto resp = c.Call(c.org(), &v1::OrgService::Stub::ListOrgUnits, {}, "ListOrgUnits");
  if (PrintedJson(c, resp)) return;
  // Print as a tree: children under their parent, in id order.
  std::map<std::string, std::vector<const v1::OrgUnit*>> children;
  std::map<std::string, bool> known;
  for (const auto& u : resp.org_units()) known[u.id()] = true;
  for (const auto& u : resp.org_units()) children[known.count(u.parent_id()) ? u.parent_id() : ""].push_back(&u);
  Table t({"UNIT", "ID"});
  std::function<void(const std::string&, int)> walk = [&](const std::string& parent, int depth) {
    for (const v1::OrgUnit* u : children[parent]) {
      t.Add({std::string(depth * 2, ' ') + u->name(), u->id()});
      walk(u->id(), depth + 1);
    }
  };
  walk("", 0);
  t.Print(std::cout);
}

void UnitUpsert(Client& c, const std::string& id, const std::string& name, const std::string& parent) {
  v1::OrgUnit u;
  u.set_id(id);
  u.set_name(name);
  u.set_parent_id(parent);
  PrintStored(c, "org unit", c.Call(c.org(), &v1::OrgService::Stub::UpsertOrgUnit, u, "UpsertOrgUnit"));
}

void PersonList(Client& c, const std::string& unit, bool subunits) {
  v1::ListPeopleRequest req;
  req.set_org_unit_id(unit);
  req.set_include_subunits(subunits);
  v1::ListPeopleResponse all;
  do {
    const auto page = c.Call(c.org(), &v1::OrgService::Stub::ListPeople, req, "ListPeople");
    all.mutable_people()->MergeFrom(page.people());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  if (PrintedJson(c, all)) return;
  Table t({"ID", "NAME", "UNIT", "ROLES", "MANAGES"});
  for (const auto& p : all.people()) {
    t.Add({p.id(), p.name() + (p.active() ? "" : " (inactive)"), p.org_unit_id(), Join(p.role_ids()),
           Join(p.manages_unit_ids())});
  }
  t.Print(std::cout);
  std::cout << all.people_size() << " people\n";
}

void PersonShow(Client& c, const std::string& id) {
  const auto p = c.Call(c.org(), &v1::OrgService::Stub::GetPerson, ById(id), "GetPerson");
  v1::ListAssessmentsRequest areq;
  areq.set_person_id(id);
  const auto history = c.Call(c.assessments(), &v1::AssessmentService::Stub::ListAssessments, areq, "ListAssessments");
  if (PrintedJson(c, p)) return;
  std::cout << p.name() << " (" << p.id() << ")" << (p.active() ? "" : " - inactive") << "\n";
  if (!p.email().empty()) std::cout << "e-mail:  " << p.email() << "\n";
  std::cout << "unit:    " << p.org_unit_id() << "\n";
  std::cout << "roles:   " << Join(p.role_ids()) << "\n";
  if (p.manages_unit_ids_size()) std::cout << "manages: " << Join(p.manages_unit_ids()) << "\n";
  std::cout << "\nAssessments (" << history.assessments_size() << ", oldest first):\n";
  Table t({"DATE", "COMPETENCE", "LEVEL", "SOURCE", "BY", "EXPIRES"});
  for (const auto& a : history.assessments()) {
    t.Add({Date(a.assessed_at()), a.competence_id(), std::to_string(a.level()), SourceName(a.source()),
           a.assessor_id(), a.has_expires_at() ? Date(a.expires_at()) : ""});
  }
  t.Print(std::cout);
}

struct PersonArgs {
  std::string id, name, email, unit;
  std::vector<std::string> roles, manages;
  bool inactive = false;
};

void PersonUpsert(Client& c, const PersonArgs& a) {
  v1::Person p;
  p.set_id(a.id);
  p.set_name(a.name);
  p.set_email(a.email);
  p.set_org_unit_id(a.unit);
  for (const auto& r : a.roles) p.add_role_ids(r);
  for (const auto& u : a.manages) p.add_manages_unit_ids(u);
  p.set_active(!a.inactive);
  PrintStored(c, "person", c.Call(c.org(), &v1::OrgService::Stub::UpsertPerson, p, "UpsertPerson"));
}

void PersonRole(Client& c, bool assign, const std::string& person, const std::string& role) {
  v1::RoleAssignment req;
  req.set_person_id(person);
  req.set_role_id(role);
  const auto stored = assign ? c.Call(c.org(), &v1::OrgService::Stub::AssignRole, req, "AssignRole")
                             : c.Call(c.org(), &v1::OrgService::Stub::UnassignRole, req, "UnassignRole");
  if (PrintedJson(c, stored)) return;
  std::cout << stored.name() << " now has roles: " << Join(stored.role_ids()) << "\n";
}

}  // namespace

void AddOrgCommands(Commands& c) {
  CLI::App& app = c.app();
  auto& id = c.Keep<std::string>();
  auto& id2 = c.Keep<std::string>();
  auto& name = c.Keep<std::string>();
  auto& parent = c.Keep<std::string>();
  auto& unit = c.Keep<std::string>();
  auto& subunits = c.Keep<bool>();

  auto* unitcmd = app.add_subcommand("unit", "Org units")->require_subcommand(1);
  c.On(unitcmd->add_subcommand("list", "The org tree"), [](Client& cl) { UnitList(cl); });
  auto* uup = unitcmd->add_subcommand("upsert", "Create or change an org unit");
  uup->add_option("ID", id)->required();
  uup->add_option("--name", name)->required();
  uup->add_option("--parent", parent, "Parent unit (empty: a root)");
  c.On(uup, [&](Client& cl) { UnitUpsert(cl, id, name, parent); });

  auto* person = app.add_subcommand("person", "People")->require_subcommand(1);
  auto* plist = person->add_subcommand("list", "List people");
  plist->add_option("--unit", unit, "Only people of this org unit");
  plist->add_flag("--subunits", subunits, "With --unit: include its sub-units");
  c.On(plist, [&](Client& cl) { PersonList(cl, unit, subunits); });
  c.OnArgument(person, "show", "A person with their assessment history", "ID", id, PersonShow);
  auto& pargs = c.Keep<PersonArgs>();
  auto* pup = person->add_subcommand("upsert", "Create or change a person");
  pup->add_option("ID", pargs.id)->required();
  pup->add_option("--name", pargs.name)->required();
  pup->add_option("--unit", pargs.unit)->required();
  pup->add_option("--email", pargs.email);
  pup->add_option("--role", pargs.roles, "Role id (repeat for several)");
  pup->add_option("--manages", pargs.manages, "Org unit the person manages (repeat for several)");
  pup->add_flag("--inactive", pargs.inactive, "Mark the person inactive");
  c.On(pup, [&pargs](Client& cl) { PersonUpsert(cl, pargs); });
  auto* passign = person->add_subcommand("assign", "Give a person a role");
  passign->add_option("PERSON", id)->required();
  passign->add_option("ROLE", id2)->required();
  c.On(passign, [&](Client& cl) { PersonRole(cl, true, id, id2); });
  auto* punassign = person->add_subcommand("unassign", "Take a role from a person");
  punassign->add_option("PERSON", id)->required();
  punassign->add_option("ROLE", id2)->required();
  c.On(punassign, [&](Client& cl) { PersonRole(cl, false, id, id2); });
}
}  // namespace skillpath::cli
