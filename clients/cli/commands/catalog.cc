// skillpath framework|role|resource: the competence frameworks, roles and the learning catalogue.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

using google::protobuf::util::TimeUtil;

void FrameworkList(Client& c) {
  v1::ListFrameworksResponse resp;
  Check(c.frameworks().ListFrameworks(c.Context().get(), {}, &resp), "ListFrameworks");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "NAME", "VERSION", "AREAS", "COMPETENCES", "LEVELS"});
  for (const auto& f : resp.frameworks()) {
    int comps = 0;
    for (const auto& a : f.areas()) comps += a.competences_size();
    t.Add({f.id(), f.name(), f.version(), std::to_string(f.areas_size()), std::to_string(comps),
           std::to_string(f.scale().levels_size())});
  }
  t.Print(std::cout);
}

void FrameworkShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::Framework f;
  Check(c.frameworks().GetFramework(c.Context().get(), req, &f), "GetFramework");
  if (c.options().json) {
    std::cout << Json(f);
    return;
  }
  std::cout << f.name() << " (" << f.id() << (f.version().empty() ? "" : ", version " + f.version()) << ")\n";
  if (!f.description().empty()) std::cout << f.description() << "\n";
  std::cout << "\nScale:\n";
  for (const auto& l : f.scale().levels()) std::cout << "  " << l.level() << "  " << l.name() << "\n";
  for (const auto& a : f.areas()) {
    std::cout << "\n" << a.name() << " [" << a.id() << "]\n";
    for (const auto& comp : a.competences()) {
      std::cout << "  " << comp.id() << "  " << comp.name() << "\n";
    }
  }
}

void FrameworkApply(Client& c, const std::string& file) {
  auto f = ParseJsonFile<v1::Framework>(file);
  v1::Framework stored;
  Check(c.frameworks().UpsertFramework(c.Context().get(), f, &stored), "UpsertFramework");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "framework " << stored.id() << " stored\n";
}

void RoleList(Client& c) {
  v1::ListRolesResponse resp;
  Check(c.org().ListRoles(c.Context().get(), {}, &resp), "ListRoles");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "NAME", "REQUIRED", "DESIRED", "INHERITS"});
  for (const auto& r : resp.roles()) {
    int req = 0, des = 0;
    for (const auto& tg : r.targets()) (tg.priority() == v1::REQUIRED ? req : des)++;
    t.Add({r.id(), r.name(), std::to_string(req), std::to_string(des), Join(r.inherits_role_ids())});
  }
  t.Print(std::cout);
}

void RoleShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::Role r;
  Check(c.org().GetRole(c.Context().get(), req, &r), "GetRole");
  if (c.options().json) {
    std::cout << Json(r);
    return;
  }
  std::cout << r.name() << " (" << r.id() << ")\n";
  if (!r.description().empty()) std::cout << r.description() << "\n";
  if (r.inherits_role_ids_size()) std::cout << "inherits: " << Join(r.inherits_role_ids()) << "\n";
  std::cout << "\n";
  Table t({"COMPETENCE", "LEVEL", "PRIORITY", "WEIGHT"});
  for (const auto& tg : r.targets()) {
    t.Add({tg.competence_id(), std::to_string(tg.level()), tg.priority() == v1::REQUIRED ? "skal" : "bør",
           Number(tg.weight())});
  }
  t.Print(std::cout);
}

void RoleApply(Client& c, const std::string& file) {
  auto r = ParseJsonFile<v1::Role>(file);
  v1::Role stored;
  Check(c.org().UpsertRole(c.Context().get(), r, &stored), "UpsertRole");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "role " << stored.id() << " stored\n";
}

void ResourceList(Client& c, const std::string& competence) {
  v1::ListResourcesRequest req;
  req.set_competence_id(competence);
  v1::ListResourcesResponse resp;
  Check(c.catalog().ListResources(c.Context().get(), req, &resp), "ListResources");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "TITLE", "MODE", "HOURS", "COST", "OUTCOMES", "SESSIONS"});
  for (const auto& r : resp.resources()) {
    std::string outcomes;
    for (const auto& o : r.outcomes()) {
      outcomes += (outcomes.empty() ? "" : ", ") + o.competence_id() + " " + std::to_string(o.min_level()) + "->" +
                  std::to_string(o.reaches_level());
    }
    t.Add({r.id(), r.title(), ModeName(r.mode()), Number(r.hours()), Money(r.cost()), outcomes,
           std::to_string(r.sessions_size())});
  }
  t.Print(std::cout);
}

void ResourceShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::LearningResource r;
  Check(c.catalog().GetResource(c.Context().get(), req, &r), "GetResource");
  if (c.options().json) {
    std::cout << Json(r);
    return;
  }
  std::cout << r.title() << " (" << r.id() << ")\n"
            << ModeName(r.mode()) << ", " << Number(r.hours()) << " h, " << Money(r.cost()) << " kr per learner"
            << (r.provider().empty() ? "" : ", by " + r.provider())
            << (r.language().empty() ? "" : ", language " + r.language()) << "\n";
  if (!r.url().empty()) std::cout << r.url() << "\n";
  std::cout << "\nOutcomes:\n";
  for (const auto& o : r.outcomes()) {
    std::cout << "  " << o.competence_id() << ": from " << o.min_level() << " to " << o.reaches_level() << "\n";
  }
  if (r.prerequisite_ids_size()) std::cout << "Prerequisites: " << Join(r.prerequisite_ids()) << "\n";
  if (r.sessions_size()) {
    std::cout << "\nSessions:\n";
    Table t({"ID", "START", "END", "CAPACITY", "LOCATION", "FIXED COST"});
    for (const auto& s : r.sessions()) {
      t.Add({s.id(), Date(s.start()), Date(s.end()), std::to_string(s.capacity()), s.location(),
             Money(s.fixed_cost())});
    }
    t.Print(std::cout);
  }
}

void ResourceApply(Client& c, const std::string& file) {
  auto r = ParseJsonFile<v1::LearningResource>(file);
  v1::LearningResource stored;
  Check(c.catalog().UpsertResource(c.Context().get(), r, &stored), "UpsertResource");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "resource " << stored.id() << " stored\n";
}

void ResourceDelete(Client& c, const std::string& id) {
  v1::DeleteResourceRequest req;
  req.set_id(id);
  v1::DeleteResourceResponse resp;
  Check(c.catalog().DeleteResource(c.Context().get(), req, &resp), "DeleteResource");
  if (!c.options().json) std::cout << "resource " << id << " deleted\n";
}

}  // namespace

void AddCatalogCommands(Commands& c) {
  CLI::App& app = c.app();
  auto& id = c.Keep<std::string>();
  auto& file = c.Keep<std::string>();
  auto& competence = c.Keep<std::string>();

  auto* framework = app.add_subcommand("framework", "Competence frameworks")->require_subcommand(1);
  c.On(framework->add_subcommand("list", "List frameworks"), [](Client& cl) { FrameworkList(cl); });
  auto* fshow = framework->add_subcommand("show", "Show a framework's scale, areas and competences");
  fshow->add_option("ID", id)->required();
  c.On(fshow, [&id](Client& cl) { FrameworkShow(cl, id); });
  auto* fapply = framework->add_subcommand("apply", "Create or replace a framework from a JSON file");
  fapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  c.On(fapply, [&file](Client& cl) { FrameworkApply(cl, file); });

  auto* role = app.add_subcommand("role", "Roles and their target profiles")->require_subcommand(1);
  c.On(role->add_subcommand("list", "List roles"), [](Client& cl) { RoleList(cl); });
  auto* rshow = role->add_subcommand("show", "A role's targets");
  rshow->add_option("ID", id)->required();
  c.On(rshow, [&id](Client& cl) { RoleShow(cl, id); });
  auto* rapply = role->add_subcommand("apply", "Create or replace a role from a JSON file");
  rapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  c.On(rapply, [&file](Client& cl) { RoleApply(cl, file); });

  auto* resource = app.add_subcommand("resource", "The catalogue of learning resources")->require_subcommand(1);
  auto* reslist = resource->add_subcommand("list", "List resources");
  reslist->add_option("--competence", competence, "Only resources with an outcome for this competence");
  c.On(reslist, [&competence](Client& cl) { ResourceList(cl, competence); });
  auto* resshow = resource->add_subcommand("show", "A resource with outcomes and sessions");
  resshow->add_option("ID", id)->required();
  c.On(resshow, [&id](Client& cl) { ResourceShow(cl, id); });
  auto* resapply = resource->add_subcommand("apply", "Create or replace a resource from a JSON file");
  resapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  c.On(resapply, [&file](Client& cl) { ResourceApply(cl, file); });
  auto* resdel = resource->add_subcommand("delete", "Delete a resource");
  resdel->add_option("ID", id)->required();
  c.On(resdel, [&id](Client& cl) { ResourceDelete(cl, id); });
}
}  // namespace skillpath::cli
