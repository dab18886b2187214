// skillpath unit|person: org units and people.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>
#include <optional>

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

struct UnitArgs {
  std::string id;
  std::optional<std::string> name, parent, manager;
};

// Only the fields given change (update_mask): the rest stays as stored.
void UnitUpsert(Client& c, const UnitArgs& a) {
  v1::OrgUnit u;
  u.set_id(a.id);
  auto set = [&u](const std::optional<std::string>& v, void (v1::OrgUnit::*setter)(const std::string&),
                  const char* path) {
    if (!v) return;
    (u.*setter)(*v);
    u.mutable_update_mask()->add_paths(path);
  };
  set(a.name, &v1::OrgUnit::set_name, "name");
  set(a.parent, &v1::OrgUnit::set_parent_id, "parent_id");
  set(a.manager, &v1::OrgUnit::set_manager_id, "manager_id");
  if (u.update_mask().paths_size() == 0) throw Failure{"unit upsert: give at least one of --name, --parent, --manager", 2};
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
  Table t({"ID", "NAME", "UNIT", "POSITION", "ROLES", "MANAGES"});
  for (const auto& p : all.people()) {
    t.Add({p.id(), p.name() + (p.active() ? "" : " (inactive)"), p.org_unit_id(), p.position(), Join(p.role_ids()),
           Join(p.manages_unit_ids())});
  }
  t.Print(std::cout);
  std::cout << all.people_size() << " people\n";
}

// "a, b (rule), c (import, by hand)".
std::string Assignments(const google::protobuf::RepeatedPtrField<v1::Assignment>& list) {
  std::string out;
  for (const auto& a : list) {
    std::vector<std::string> from;
    if (a.from_import()) from.push_back("import");
    if (a.from_rule()) from.push_back("rule");
    if (a.from_data()) from.push_back("data");
    if (a.by_hand() && !from.empty()) from.push_back("by hand");
    if (!out.empty()) out += ", ";
    out += a.id();
    if (!from.empty()) {
      out += " (";
      for (size_t i = 0; i < from.size(); ++i) out += (i ? ", " : "") + from[i];
      out += ")";
    }
  }
  return out;
}

void PersonShow(Client& c, const std::string& id) {
  const auto p = c.Call(c.org(), &v1::OrgService::Stub::GetPerson, ById(id), "GetPerson");
  v1::ListAssessmentsRequest areq;
  areq.set_person_id(id);
  const auto history = c.Call(c.assessments(), &v1::AssessmentService::Stub::ListAssessments, areq, "ListAssessments");
  if (PrintedJson(c, p)) return;
  std::cout << p.name() << " (" << p.id() << ")" << (p.active() ? "" : " - inactive") << "\n";
  if (!p.email().empty()) std::cout << "e-mail:   " << p.email() << "\n";
  std::cout << "unit:     " << p.org_unit_id() << "\n";
  if (!p.position().empty()) std::cout << "position: " << p.position() << "\n";
  if (!p.manager_id().empty()) std::cout << "manager:  " << p.manager_id() << "\n";
  std::cout << "roles:    " << Assignments(p.role_assignments()) << "\n";
  if (p.managed_units_size()) std::cout << "manages:  " << Assignments(p.managed_units()) << "\n";
  std::cout << "\nAssessments (" << history.assessments_size() << ", oldest first):\n";
  Table t({"DATE", "COMPETENCE", "LEVEL", "SOURCE", "BY", "EXPIRES"});
  for (const auto& a : history.assessments()) {
    t.Add({Date(a.assessed_at()), a.competence_id(), std::to_string(a.level()), SourceName(a.source()),
           a.assessor_id(), a.has_expires_at() ? Date(a.expires_at()) : ""});
  }
  t.Print(std::cout);
}

struct PersonArgs {
  std::string id;
  std::optional<std::string> name, email, unit, position, manager;
  std::vector<std::string> roles, manages;
  bool inactive = false, active = false;
};

// Only the fields given change (update_mask): a person upserted with
// --email keeps their roles, unit and name.
void PersonUpsert(Client& c, const PersonArgs& a, const CLI::App& cmd) {
  v1::Person p;
  p.set_id(a.id);
  auto set = [&p](const std::optional<std::string>& v, void (v1::Person::*setter)(const std::string&),
                  const char* path) {
    if (!v) return;
    (p.*setter)(*v);
    p.mutable_update_mask()->add_paths(path);
  };
  set(a.name, &v1::Person::set_name, "name");
  set(a.email, &v1::Person::set_email, "email");
  set(a.unit, &v1::Person::set_org_unit_id, "org_unit_id");
  set(a.position, &v1::Person::set_position, "position");
  set(a.manager, &v1::Person::set_manager_id, "manager_id");
  if (cmd.count("--role")) {
    for (const auto& r : a.roles) p.add_role_ids(r);
    p.mutable_update_mask()->add_paths("role_ids");
  }
  if (cmd.count("--manages")) {
    for (const auto& u : a.manages) p.add_manages_unit_ids(u);
    p.mutable_update_mask()->add_paths("manages_unit_ids");
  }
  if (a.inactive && a.active) throw Failure{"person upsert: --active and --inactive contradict each other", 2};
  if (a.inactive || a.active) {
    p.set_active(a.active);
    p.mutable_update_mask()->add_paths("active");
  }
  if (p.update_mask().paths_size() == 0) {
    throw Failure{"person upsert: give at least one field to set (--name, --unit, --email, ...)", 2};
  }
  PrintStored(c, "person", c.Call(c.org(), &v1::OrgService::Stub::UpsertPerson, p, "UpsertPerson"));
}

struct RuleArgs {
  std::string id, position, pattern, description;
  std::vector<std::string> roles;
};

void RuleList(Client& c) {
  const auto resp = c.Call(c.org(), &v1::OrgService::Stub::ListPositionRules, {}, "ListPositionRules");
  if (PrintedJson(c, resp)) return;
  Table t({"RULE", "POSITION", "PATTERN", "ROLES"});
  for (const auto& r : resp.rules()) t.Add({r.id(), r.position(), r.pattern(), Join(r.role_ids())});
  t.Print(std::cout);
}

void PrintRuleResult(Client& c, const v1::PositionRuleResult& r, const std::string& done) {
  if (PrintedJson(c, r)) return;
  std::cout << done << "; " << r.people_changed() << " people's roles changed\n";
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
  auto& unit = c.Keep<std::string>();
  auto& subunits = c.Keep<bool>();

  auto* unitcmd = app.add_subcommand("unit", "Org units")->require_subcommand(1);
  c.On(unitcmd->add_subcommand("list", "The org tree"), [](Client& cl) { UnitList(cl); });
  auto& uargs = c.Keep<UnitArgs>();
  auto* uup = unitcmd->add_subcommand("upsert", "Create or change an org unit (only the fields given change)");
  uup->add_option("ID", uargs.id)->required();
  uup->add_option("--name", uargs.name, "Required for a new unit");
  uup->add_option("--parent", uargs.parent, "Parent unit (empty: a root)");
  uup->add_option("--manager", uargs.manager, "The person who leads it (they manage it)");
  c.On(uup, [&](Client& cl) { UnitUpsert(cl, uargs); });

  auto* person = app.add_subcommand("person", "People")->require_subcommand(1);
  auto* plist = person->add_subcommand("list", "List people");
  plist->add_option("--unit", unit, "Only people of this org unit");
  plist->add_flag("--subunits", subunits, "With --unit: include its sub-units");
  c.On(plist, [&](Client& cl) { PersonList(cl, unit, subunits); });
  c.OnArgument(person, "show", "A person with their assessment history", "ID", id, PersonShow);
  auto& pargs = c.Keep<PersonArgs>();
  auto* pup = person->add_subcommand("upsert", "Create or change a person (only the fields given change)");
  pup->add_option("ID", pargs.id)->required();
  pup->add_option("--name", pargs.name, "Required for a new person");
  pup->add_option("--unit", pargs.unit, "Their org unit; required for a new person");
  pup->add_option("--email", pargs.email);
  pup->add_option("--position", pargs.position, "Position code or title (position rules give roles by it)");
  pup->add_option("--manager", pargs.manager, "Their manager's person id (who then manages their unit)");
  pup->add_option("--role", pargs.roles, "Role id (repeat for several): the roles they hold afterwards");
  pup->add_option("--manages", pargs.manages, "Org unit the person manages (repeat for several)");
  pup->add_flag("--inactive", pargs.inactive, "Mark the person inactive");
  pup->add_flag("--active", pargs.active, "Mark the person active again");
  c.On(pup, [&pargs, pup](Client& cl) { PersonUpsert(cl, pargs, *pup); });
  auto* passign = person->add_subcommand("assign", "Give a person a role");
  passign->add_option("PERSON", id)->required();
  passign->add_option("ROLE", id2)->required();
  c.On(passign, [&](Client& cl) { PersonRole(cl, true, id, id2); });
  auto* punassign = person->add_subcommand("unassign", "Take a role from a person");
  punassign->add_option("PERSON", id)->required();
  punassign->add_option("ROLE", id2)->required();
  c.On(punassign, [&](Client& cl) { PersonRole(cl, false, id, id2); });
  AddOrgImportCommands(c, unitcmd, person);

  auto* rule = app.add_subcommand("position-rule", "Roles given by position (ADMIN)")->require_subcommand(1);
  c.On(rule->add_subcommand("list", "The position rules"), [](Client& cl) { RuleList(cl); });
  auto& rargs = c.Keep<RuleArgs>();
  auto* rup = rule->add_subcommand("upsert", "Create or change a rule; it applies to everyone at once");
  rup->add_option("ID", rargs.id)->required();
  auto* exact = rup->add_option("--position", rargs.position, "A position code, matched exactly (without case)");
  rup->add_option("--pattern", rargs.pattern, "A pattern on the title: * any text, ? one character")->excludes(exact);
  rup->add_option("--role", rargs.roles, "Role id it gives (repeat for several)")->required();
  rup->add_option("--description", rargs.description);
  c.On(rup, [&rargs](Client& cl) {
    v1::PositionRule r;
    r.set_id(rargs.id);
    r.set_position(rargs.position);
    r.set_pattern(rargs.pattern);
    r.set_description(rargs.description);
    for (const auto& role : rargs.roles) r.add_role_ids(role);
    const auto stored = cl.Call(cl.org(), &v1::OrgService::Stub::UpsertPositionRule, r, "UpsertPositionRule");
    PrintRuleResult(cl, stored, "position rule " + stored.rule().id() + " stored");
  });
  auto& rid = c.Keep<std::string>();
  auto* rdel = rule->add_subcommand("delete", "Remove a rule; the roles it gave go");
  rdel->add_option("ID", rid)->required();
  c.On(rdel, [&rid](Client& cl) {
    const auto r = cl.Call(cl.org(), &v1::OrgService::Stub::DeletePositionRule, ById(rid), "DeletePositionRule");
    PrintRuleResult(cl, r, "position rule " + rid + " deleted");
  });
}
}  // namespace skillpath::cli
