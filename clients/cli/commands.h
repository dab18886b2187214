#pragma once
// The CLI's commands, one file per area in clients/cli/commands/. Each Add
// function declares its subcommands, their arguments and what they run.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clients/cli/client.h"

namespace skillpath::cli {

using Action = std::function<void(Client&)>;

class Commands {
 public:
  explicit Commands(CLI::App& app) : app_(app) {}
  CLI::App& app() { return app_; }
  // `fn` is what runs when `cmd` is the command given.
  void On(CLI::App* cmd, Action fn) {
    cmd->callback([this, fn = std::move(fn)] { action_ = fn; });
  }
  // `parent name ARG`: a subcommand whose one argument (required, named
  // `arg_name`, kept in `arg`) is what it runs `fn` on. Returns the
  // argument, for a ->check.
  CLI::Option* OnArgument(CLI::App* parent, const std::string& name, const std::string& help,
                          const std::string& arg_name, std::string& arg, void (*fn)(Client&, const std::string&)) {
    CLI::App* cmd = parent->add_subcommand(name, help);
    CLI::Option* option = cmd->add_option(arg_name, arg)->required();
    On(cmd, [&arg, fn](Client& cl) { fn(cl, arg); });
    return option;
  }
  // A command's arguments, kept as long as the parse and the run.
  template <typename T>
  T& Keep() {
    auto kept = std::make_shared<T>();
    kept_.push_back(kept);
    return *kept;
  }
  const Action& action() const { return action_; }

 private:
  CLI::App& app_;
  Action action_;
  std::vector<std::shared_ptr<void>> kept_;
};

void AddFrameworkCommands(Commands& c);    // framework (list, install, show, apply, import, export)
void AddCatalogCommands(Commands& c);      // role, resource
void AddOrgCommands(Commands& c);          // unit, person (list, show, upsert, assign, unassign, import), rule
// unit import, person import (called by AddOrgCommands).
void AddOrgImportCommands(Commands& c, CLI::App* unit, CLI::App* person);
void AddAssessmentCommands(Commands& c);   // assess, assessments, import
void AddGapCommands(Commands& c);          // gap person|team|org
void AddPlanCommands(Commands& c);         // plan, demand
void AddInboxCommands(Commands& c);        // inbox
void AddReportCommands(Commands& c);       // report team|summary|demand (CSV, XLSX)
void AddCalendarCommands(Commands& c);     // calendar show|set
void AddNotificationCommands(Commands& c);  // notifications show|set
void AddAccessCommands(Commands& c);       // person export|erase, whoami, token, audit (after AddOrgCommands)
void AddLoginCommands(Commands& c);        // login, logout

}  // namespace skillpath::cli
