// skillpath role|resource: roles and the learning catalogue.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

void RoleList(Client& c) {
  const auto resp = c.Call(c.org(), &v1::OrgService::Stub::ListRoles, {}, "ListRoles");
  if (PrintedJson(c, resp)) return;
  Table t({"ID", "NAME", "REQUIRED", "DESIRED", "INHERITS"});
  for (const auto& r : resp.roles()) {
    int req = 0, des = 0;
    for (const auto& tg : r.targets()) (tg.priority() == v1::REQUIRED ? req : des)++;
    t.Add({r.id(), r.name(), std::to_string(req), std::to_string(des), Join(r.inherits_role_ids())});
  }
  t.Print(std::cout);
}

void RoleShow(Client& c, const std::string& id) {
  const auto r = c.Call(c.org(), &v1::OrgService::Stub::GetRole, ById(id), "GetRole");
  if (PrintedJson(c, r)) return;
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
  PrintStored(c, "role",
              c.Call(c.org(), &v1::OrgService::Stub::UpsertRole, ParseJsonFile<v1::Role>(file), "UpsertRole"));
}

void ResourceList(Client& c, const std::string& competence) {
  v1::ListResourcesRequest req;
  req.set_competence_id(competence);
  const auto resp = c.Call(c.catalog(), &v1::CatalogService::Stub::ListResources, req, "ListResources");
  if (PrintedJson(c, resp)) return;
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
  const auto r = c.Call(c.catalog(), &v1::CatalogService::Stub::GetResource, ById(id), "GetResource");
  if (PrintedJson(c, r)) return;
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
  PrintStored(c, "resource",
              c.Call(c.catalog(), &v1::CatalogService::Stub::UpsertResource, ParseJsonFile<v1::LearningResource>(file),
                     "UpsertResource"));
}

// A catalogue file: a JSON array of resources, an object with "resources"
// (what `resource list --json` prints), or JSON Lines, one resource a line.
// `lines` gets each resource's line for JSON Lines (else stays empty).
v1::ImportResourcesRequest ReadCatalogue(const std::string& file, std::vector<int>* lines) {
  const std::string text = ReadFile(file);
  const size_t start = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string::npos) throw Failure{file + ": the file is empty"};
  v1::ImportResourcesRequest req;
  auto parse = [&](const std::string& json, google::protobuf::Message* m, const std::string& where) {
    auto s = google::protobuf::util::JsonStringToMessage(json, m);
    if (!s.ok()) throw Failure{where + ": not a valid " + m->GetTypeName() + " in JSON: " + std::string(s.message())};
  };
  if (text[start] == '[') {
    parse("{\"resources\": " + text.substr(start) + "}", &req, file);
    return req;
  }
  // One object holding "resources", or one resource per line.
  v1::ListResourcesResponse listed;
  if (google::protobuf::util::JsonStringToMessage(text.substr(start), &listed).ok() && listed.resources_size() > 0) {
    *req.mutable_resources() = listed.resources();
    return req;
  }
  int line = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    ++line;
    std::string one = text.substr(at, end - at);
    at = end + 1;
    if (line == 1 && one.rfind("\xEF\xBB\xBF", 0) == 0) one.erase(0, 3);
    if (one.find_first_not_of(" \t\r") == std::string::npos) continue;
    parse(one, req.add_resources(), file + " line " + std::to_string(line));
    lines->push_back(line);
  }
  return req;
}

void ResourceImport(Client& c, const std::string& file) {
  std::vector<int> lines;
  const v1::ImportResourcesRequest req = ReadCatalogue(file, &lines);
  v1::ImportResourcesResponse resp;
  try {
    resp = c.Call(c.catalog(), &v1::CatalogService::Stub::ImportResources, req, "ImportResources");
  } catch (Failure& f) {
    // "resources[3] ('x'): ..." from the server: say which line that is.
    const size_t at = f.message.find("resources[");
    if (!lines.empty() && at != std::string::npos) {
      const size_t i = std::stoul(f.message.substr(at + 10));
      if (i < lines.size()) f.message += " (" + file + " line " + std::to_string(lines[i]) + ")";
    }
    throw;
  }
  if (PrintedJson(c, resp)) return;
  const int changes = resp.created_ids_size() + resp.changed_ids_size();
  std::cout << req.resources_size() << " resources: created " << resp.created_ids_size() << ", changed "
            << resp.changed_ids_size() << ", unchanged " << resp.unchanged_ids_size()
            << (changes ? " - written" : " - nothing to change") << "\n";
}

void ResourceDelete(Client& c, const std::string& id) {
  v1::DeleteResourceRequest req;
  req.set_id(id);
  c.Call(c.catalog(), &v1::CatalogService::Stub::DeleteResource, req, "DeleteResource");
  if (!c.options().json) std::cout << "resource " << id << " deleted\n";
}

}  // namespace

void AddCatalogCommands(Commands& c) {
  struct Args {
    std::string id, file, competence;
  };
  auto& a = c.Keep<Args>();
  CLI::App& app = c.app();

  auto* role = app.add_subcommand("role", "Roles and their target profiles")->require_subcommand(1);
  c.On(role->add_subcommand("list", "List roles"), [](Client& cl) { RoleList(cl); });
  c.OnArgument(role, "show", "A role's targets", "ID", a.id, RoleShow);
  c.OnArgument(role, "apply", "Create or replace a role from a JSON file", "FILE", a.file, RoleApply)
      ->check(CLI::ExistingFile);

  auto* resource = app.add_subcommand("resource", "The catalogue of learning resources")->require_subcommand(1);
  auto* reslist = resource->add_subcommand("list", "List resources");
  reslist->add_option("--competence", a.competence, "Only resources with an outcome for this competence");
  c.On(reslist, [&a](Client& cl) { ResourceList(cl, a.competence); });
  c.OnArgument(resource, "show", "A resource with outcomes and sessions", "ID", a.id, ResourceShow);
  c.OnArgument(resource, "apply", "Create or replace a resource from a JSON file", "FILE", a.file, ResourceApply)
      ->check(CLI::ExistingFile);
  c.OnArgument(resource, "delete", "Delete a resource", "ID", a.id, ResourceDelete);
  c.OnArgument(resource, "import",
               "Create or replace many resources from a JSON array, {\"resources\": [...]} or JSON Lines file, "
               "all or none",
               "FILE", a.file, ResourceImport)
      ->check(CLI::ExistingFile);
}
}  // namespace skillpath::cli
