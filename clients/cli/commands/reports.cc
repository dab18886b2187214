// skillpath report team|summary|demand: the reports people take to meetings
// as CSV or XLSX files (ReportService), the figures those of gap team, gap
// org and demand.
#include <chrono>
#include <fstream>
#include <iostream>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/commands/plan_options.h"
#include "clients/cli/format.h"

namespace skillpath::cli {
namespace {

struct FileArgs {
  std::string format;  // empty: from the output's extension, else csv
  std::string lang = "nb";
  std::string output;  // empty: the server's file name; "-": standard output
};

struct ReportArgs {
  FileArgs file;
  std::string unit, as_of;
  bool no_subunits = false;
  int top = 0;
  double budget = 0;
  PlanArgs plan;
};

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && Lower(s.substr(s.size() - tail.size())) == tail;
}

std::string FormatOf(const FileArgs& a) {
  if (!a.format.empty()) return a.format;
  return EndsWith(a.output, ".xlsx") ? "xlsx" : "csv";
}

void Save(Client& c, const v1::ReportFile& file, const FileArgs& a) {
  if (PrintedJson(c, file)) return;
  if (a.output == "-") {
    std::cout << file.content();
    return;
  }
  const std::string path = a.output.empty() ? file.file_name() : a.output;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << file.content();
  out.close();
  if (!out) throw Failure{"cannot write " + path};
  std::cerr << "wrote " << path << " (" << file.content().size() << " bytes, " << file.content_type() << ")\n";
}

template <typename Request>
void SetFile(const FileArgs& a, Request& req) {
  req.set_format(FormatOf(a));
  req.set_language(a.lang);
}

void Team(Client& c, const ReportArgs& a) {
  v1::ExportTeamGapRequest req;
  SetFile(a.file, req);
  req.mutable_request()->set_org_unit_id(a.unit);
  if (a.no_subunits) req.mutable_request()->set_include_subunits(false);
  SetAsOf(a.as_of, *req.mutable_request());
  Save(c, c.Call(c.reports(), &v1::ReportService::Stub::ExportTeamGap, req, "ExportTeamGap"), a.file);
}

void Summary(Client& c, const ReportArgs& a) {
  v1::ExportOrgSummaryRequest req;
  SetFile(a.file, req);
  req.mutable_request()->set_org_unit_id(a.unit);
  req.mutable_request()->set_top_n(a.top);
  SetAsOf(a.as_of, *req.mutable_request());
  Save(c, c.Call(c.reports(), &v1::ReportService::Stub::ExportOrgSummary, req, "ExportOrgSummary"), a.file);
}

void Demand(Client& c, const ReportArgs& a) {
  v1::ExportTrainingDemandRequest req;
  SetFile(a.file, req);
  req.mutable_request()->set_org_unit_id(a.unit);
  req.mutable_request()->set_budget(a.budget);
  FillOptions(a.plan, req.mutable_request()->mutable_options());
  // Plans for everyone without one, as `skillpath demand` waits for them.
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  if (!c.options().json) std::cerr << "computing the training demand (plans for everyone without one)...\n";
  v1::ReportFile file;
  Check(c.reports().ExportTrainingDemand(ctx.get(), req, &file), "ExportTrainingDemand");
  Save(c, file, a.file);
}

void AddFileFlags(CLI::App* cmd, FileArgs& a) {
  cmd->add_option("--format", a.format, "csv or xlsx (default: from the -o file's extension, else csv)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("--lang", a.lang, "Headers and words in nb (default) or en; CSV in nb separates with ';'")
      ->check(CLI::IsMember({"nb", "en"}));
  cmd->add_option("-o,--output", a.output, "Write to this file (default: the server's file name here; - for stdout)");
}

}  // namespace

void AddReportCommands(Commands& c) {
  auto& a = c.Keep<ReportArgs>();
  auto* report = c.app()
                     .add_subcommand("report", "Reports as CSV or XLSX files: team heatmap, organisation summary, "
                                               "training demand")
                     ->require_subcommand(1);
  auto* team = report->add_subcommand("team", "A team's heatmap, its cells and coverage (gap team as a file)");
  team->add_option("UNIT,--unit", a.unit, "Org unit")->required();
  team->add_flag("--no-subunits", a.no_subunits, "Only the unit's own people");
  team->add_option("--as-of", a.as_of, "As of this day (YYYY-MM-DD; default now)");
  AddFileFlags(team, a.file);
  c.On(team, [&a](Client& cl) { Team(cl, a); });

  auto* summary = report->add_subcommand("summary", "The organisation by unit and area, and its top gaps (gap org)");
  summary->add_option("UNIT,--unit", a.unit, "Org unit (default: the root)");
  summary->add_option("--top", a.top, "How many top gaps (default 10)");
  summary->add_option("--as-of", a.as_of, "As of this day (YYYY-MM-DD; default now)");
  AddFileFlags(summary, a.file);
  c.On(summary, [&a](Client& cl) { Summary(cl, a); });

  auto* demand = report->add_subcommand("demand", "Training demand and, with --budget, what it funds (demand)");
  demand->add_option("UNIT,--unit", a.unit, "Org unit (default: the whole organisation)");
  demand->add_option("--budget", a.budget, "Which steps to fund with this many kroner (a sheet of its own)");
  AddPlanOptionFlags(demand, a.plan);
  AddFileFlags(demand, a.file);
  c.On(demand, [&a](Client& cl) { Demand(cl, a); });
}

}  // namespace skillpath::cli
