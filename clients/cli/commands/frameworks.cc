// skillpath framework: the competence frameworks, their scales, areas and
// competences; the bundled ones installed, others imported and exported as
// CASE 1.1, CSV or the API's JSON.
#include <iostream>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

int CountCompetences(const v1::Framework& f) {
  int n = 0;
  for (const auto& a : f.areas()) n += a.competences_size();
  return n;
}

void FrameworkList(Client& c) {
  const auto resp = c.Call(c.frameworks(), &v1::FrameworkService::Stub::ListFrameworks, {}, "ListFrameworks");
  if (PrintedJson(c, resp)) return;
  Table t({"ID", "NAME", "VERSION", "AREAS", "COMPETENCES", "LEVELS"});
  for (const auto& f : resp.frameworks()) {
    t.Add({f.id(), f.name(), f.version(), std::to_string(f.areas_size()), std::to_string(CountCompetences(f)),
           std::to_string(f.scale().levels_size())});
  }
  t.Print(std::cout);
}

// What the binary ships, and whether this database has it.
void FrameworkListAvailable(Client& c) {
  const auto resp = c.Call(c.frameworks(), &v1::FrameworkService::Stub::ListAvailableFrameworks, {},
                           "ListAvailableFrameworks");
  if (PrintedJson(c, resp)) return;
  Table t({"ID", "NAME", "VERSION", "AREAS", "COMPETENCES", "LEVELS", "INSTALLED"});
  for (const auto& f : resp.frameworks()) {
    std::string installed = "no";
    if (f.installed()) {
      installed = f.differs() ? "yes, differs (" + (f.installed_version().empty() ? "no version" : f.installed_version()) + ")"
                              : "yes";
    }
    t.Add({f.id(), f.name(), f.version(), std::to_string(f.areas()), std::to_string(f.competences()),
           std::to_string(f.levels()), installed});
  }
  t.Print(std::cout);
  std::cout << "install one with: skillpath framework install ID\n";
}

void FrameworkInstall(Client& c, const std::string& name) {
  v1::InstallFrameworkRequest req;
  req.set_name(name);
  const auto f = c.Call(c.frameworks(), &v1::FrameworkService::Stub::InstallFramework, req, "InstallFramework");
  if (PrintedJson(c, f)) return;
  std::cout << "framework " << f.id() << " installed: " << f.name() << ", " << f.areas_size() << " areas, "
            << CountCompetences(f) << " competences, a scale of " << f.scale().levels_size() << " levels\n";
}

void FrameworkShow(Client& c, const std::string& id) {
  const auto f = c.Call(c.frameworks(), &v1::FrameworkService::Stub::GetFramework, ById(id), "GetFramework");
  if (PrintedJson(c, f)) return;
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
  PrintStored(c, "framework",
              c.Call(c.frameworks(), &v1::FrameworkService::Stub::UpsertFramework, ParseJsonFile<v1::Framework>(file),
                     "UpsertFramework"));
}

// The server reads the file (and tells the format from it when none is
// given); a framework of the same id is replaced, in place.
void FrameworkImport(Client& c, const std::string& file, const std::string& format) {
  v1::ImportFrameworkRequest req;
  req.set_format(format);
  req.set_content(ReadFile(file));
  const auto f = c.Call(c.frameworks(), &v1::FrameworkService::Stub::ImportFramework, req, "ImportFramework");
  if (PrintedJson(c, f)) return;
  std::cout << "framework " << f.id() << " imported: " << f.name() << ", " << f.areas_size() << " areas, "
            << CountCompetences(f) << " competences, a scale of " << f.scale().levels_size() << " levels\n";
}

// The document alone on standard output, whatever --json says: it is the
// answer (`skillpath framework export digcomp-2.2 --format csv > digcomp.csv`).
void FrameworkExport(Client& c, const std::string& id, const std::string& format) {
  v1::ExportFrameworkRequest req;
  req.set_id(id);
  req.set_format(format);
  std::cout << c.Call(c.frameworks(), &v1::FrameworkService::Stub::ExportFramework, req, "ExportFramework").content();
}

}  // namespace

void AddFrameworkCommands(Commands& c) {
  struct Args {
    std::string id, file, format;
  };
  auto& a = c.Keep<Args>();
  CLI::App* framework = c.app().add_subcommand("framework", "Competence frameworks")->require_subcommand(1);
  struct ListArgs {
    bool available = false;
  };
  auto& l = c.Keep<ListArgs>();
  CLI::App* list = framework->add_subcommand("list", "List the frameworks in the database");
  list->add_flag("--available", l.available, "List the frameworks skillpath ships, and which are installed");
  c.On(list, [&l](Client& cl) { l.available ? FrameworkListAvailable(cl) : FrameworkList(cl); });
  c.OnArgument(framework, "install", "Install a framework skillpath ships (see list --available) (ADMIN)", "NAME",
               a.id, FrameworkInstall);
  c.OnArgument(framework, "show", "Show a framework's scale, areas and competences", "ID", a.id, FrameworkShow);
  c.OnArgument(framework, "apply", "Create or replace a framework from a JSON file", "FILE", a.file, FrameworkApply)
      ->check(CLI::ExistingFile);

  CLI::App* import = framework->add_subcommand(
      "import", "Create or update a framework from a CASE 1.1 package, a CSV file or the API's JSON (ADMIN)");
  import->add_option("FILE", a.file)->required()->check(CLI::ExistingFile);
  import->add_option("--format", a.format, "case-1.1, csv or json (default: told from the content)");
  c.On(import, [&a](Client& cl) { FrameworkImport(cl, a.file, a.format); });

  CLI::App* exp = framework->add_subcommand("export", "Write a framework as a CASE 1.1 package, CSV or JSON");
  exp->add_option("ID", a.id)->required();
  exp->add_option("--format", a.format, "case-1.1, csv or json")->default_str("json");
  c.On(exp, [&a](Client& cl) { FrameworkExport(cl, a.id, a.format); });
}

}  // namespace skillpath::cli
